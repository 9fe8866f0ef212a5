package dev.sparkvar.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** The factor reproduces the covariance, Cholesky when positive definite, clipped eigen otherwise. */
class CovarianceFactorTests {

    /** {@code A Aᵀ} from the factor's entries, written out. */
    private static double[][] product(CovarianceFactor f) {
        int n = f.size();
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < f.rank(); c++) {
                    out[i][j] += f.entry(i, c) * f.entry(j, c);
                }
            }
        }
        return out;
    }

    private static void assertReproduces(double[][] sigma, CovarianceFactor f) {
        double[][] back = product(f);
        for (int i = 0; i < sigma.length; i++) {
            for (int j = 0; j < sigma.length; j++) {
                assertEquals(sigma[i][j], back[i][j], 1e-12 * (1 + Math.abs(sigma[i][j])), "entry " + i + "," + j);
            }
        }
    }

    @Test
    void positiveDefiniteGetsATriangularCholeskyFactor() {
        double[][] sigma = {{4, 1.2, -0.6}, {1.2, 2.25, 0.3}, {-0.6, 0.3, 1}};
        CovarianceFactor f = CovarianceFactor.of(new Array2DRowRealMatrix(sigma));
        assertEquals(CovarianceFactor.Kind.CHOLESKY, f.kind());
        assertEquals(3, f.rank());
        assertEquals(0.0, f.entry(0, 1));
        assertEquals(0.0, f.entry(1, 2));
        assertEquals(2.0, f.entry(0, 0), 1e-15);
        assertReproduces(sigma, f);
    }

    @Test
    void constantPriceAndCollinearTickersFallBackToTheClippedEigenFactor() {
        // tickers: A, B = A exactly (collinear), FLAT (constant price: zero row), C independent
        double[][] sigma = {
            {2.0, 2.0, 0, 0.5},
            {2.0, 2.0, 0, 0.5},
            {0, 0, 0, 0},
            {0.5, 0.5, 0, 3.0}};
        CovarianceFactor f = CovarianceFactor.of(new Array2DRowRealMatrix(sigma));
        assertEquals(CovarianceFactor.Kind.EIGEN, f.kind());
        assertEquals(2, f.rank(), "two directions: A (= B) and C");
        assertReproduces(sigma, f);
        for (int c = 0; c < f.rank(); c++) {
            assertEquals(0.0, f.entry(2, c), 1e-15, "the constant ticker never moves");
        }
    }

    @Test
    void rankDeficientFromFewerDatesThanTickers() {
        // 4 tickers, 2 observations' worth of directions: sigma = B Bᵀ with B 4x2
        double[][] b = {{1, 0.5}, {-0.3, 2}, {0.7, 0.7}, {2, -1}};
        double[][] sigma = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                sigma[i][j] = b[i][0] * b[j][0] + b[i][1] * b[j][1];
            }
        }
        RealMatrix m = new Array2DRowRealMatrix(sigma);
        CovarianceFactor f = CovarianceFactor.of(m);
        assertEquals(CovarianceFactor.Kind.EIGEN, f.kind());
        assertEquals(2, f.rank());
        assertReproduces(sigma, f);
    }

    @Test
    void allConstantHasNoDirections() {
        CovarianceFactor f = CovarianceFactor.of(new Array2DRowRealMatrix(new double[2][2]));
        assertEquals(0, f.rank());
        double[] x = {1, 2};
        f.accumulate(new double[0], x);
        assertEquals(1.0, x[0]);
        assertEquals(2.0, x[1]);
    }
}
