package dev.sparkvar.job.model;

import java.io.Serializable;
import java.util.Locale;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * A factor {@code A} with {@code A Aᵀ = Σ} for sampling {@code x = μ + A z}, {@code z} standard normal.
 *
 * <p>A positive definite covariance gets its Cholesky factor (lower triangular, Commons Math). One that is
 * not (a constant price gives a zero row, two collinear tickers a zero eigenvalue, and rounding can leave a
 * tiny negative one) is factored through its symmetric eigen-decomposition instead: eigenvalues at or below
 * {@code n × 1e-12 × λmax} are set to 0 and their eigenvectors dropped, so {@code A = Q √Λ} has one column
 * per kept eigenvalue (the rank) and a simulated day draws that many normals. {@code A Aᵀ} then equals
 * {@code Σ} up to the dropped eigenvalues: every variance and covariance of the data is kept.
 *
 * <p>The factor is stored by columns, each a full array of n rows (zeros above the diagonal of a Cholesky
 * factor), for the kernel's loop {@link #accumulate}, which the JIT vectorises.
 */
public final class CovarianceFactor implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Relative threshold on eigenvalues and Cholesky pivots, times n and the largest value. */
    static final double RELATIVE_TOLERANCE = 1e-12;

    /** How the covariance was factored. */
    public enum Kind {
        /** Positive definite: lower-triangular Cholesky factor, n draws a day. */
        CHOLESKY,
        /** Not positive definite: eigen-decomposition with clipped eigenvalues, rank draws a day. */
        EIGEN
    }

    private final Kind kind;
    private final int n;
    private final int rank;
    /** {@code columns[j][i]}: row i of column j. */
    private final double[][] columns;
    /** The first row that may be non-zero in column j (non-decreasing in j). */
    private final int[] start;

    private CovarianceFactor(Kind kind, int n, double[][] columns, int[] start) {
        this.kind = kind;
        this.n = n;
        this.rank = columns.length;
        this.columns = columns;
        this.start = start;
    }

    /** Factors the symmetric covariance {@code sigma}: Cholesky when positive definite, else clipped eigen. */
    public static CovarianceFactor of(RealMatrix sigma) {
        int n = sigma.getRowDimension();
        double maxDiagonal = 0;
        for (int i = 0; i < n; i++) {
            maxDiagonal = Math.max(maxDiagonal, sigma.getEntry(i, i));
        }
        if (maxDiagonal > 0) {
            try {
                RealMatrix l = new CholeskyDecomposition(sigma, CholeskyDecomposition.DEFAULT_RELATIVE_SYMMETRY_THRESHOLD,
                        n * RELATIVE_TOLERANCE * maxDiagonal).getL();
                return byColumns(Kind.CHOLESKY, n, n, (i, j) -> l.getEntry(i, j), true);
            } catch (NonPositiveDefiniteMatrixException e) {
                // handled below: a constant price or collinear tickers
            }
        }
        EigenDecomposition eigen = new EigenDecomposition(sigma);
        double[] lambda = eigen.getRealEigenvalues();
        double max = 0;
        for (double l : lambda) {
            max = Math.max(max, l);
        }
        double tolerance = n * RELATIVE_TOLERANCE * max;
        int[] kept = java.util.stream.IntStream.range(0, lambda.length).filter(j -> lambda[j] > tolerance).toArray();
        RealMatrix q = eigen.getV();
        double[] root = new double[kept.length];
        for (int j = 0; j < kept.length; j++) {
            root[j] = Math.sqrt(lambda[kept[j]]);
        }
        int rank = kept.length;
        return byColumns(Kind.EIGEN, n, rank, (i, j) -> q.getEntry(i, kept[j]) * root[j], false);
    }

    private interface Entry {
        double at(int row, int column);
    }

    private static CovarianceFactor byColumns(Kind kind, int n, int rank, Entry entry, boolean triangular) {
        double[][] columns = new double[rank][n];
        int[] start = new int[rank];
        for (int j = 0; j < rank; j++) {
            start[j] = triangular ? j : 0;
            for (int i = start[j]; i < n; i++) {
                columns[j][i] = entry.at(i, j);
            }
        }
        return new CovarianceFactor(kind, n, columns, start);
    }

    public Kind kind() {
        return kind;
    }

    /** Tickers (rows). */
    public int size() {
        return n;
    }

    /** Columns, i.e. normals drawn per simulated day: n for Cholesky, the kept eigenvalues otherwise. */
    public int rank() {
        return rank;
    }

    /** The entry of row {@code i}, column {@code j} of {@code A} (0 above the diagonal of a Cholesky factor). */
    public double entry(int i, int j) {
        return columns[j][i];
    }

    /**
     * {@code x += A z}, four columns per pass: {@code x[i] += (a0 z0 + a1 z1) + (a2 z2 + a3 z3)} over rows
     * {@code start(j)..n-1}, then the remaining columns one at a time. Same-index loops over whole arrays,
     * which C2 vectorises; a pass over four columns loads and stores {@code x} once instead of four times
     * (2× faster than one column per pass, measured at 30 and 300 assets). The order of the additions is
     * fixed by the code, so the result does not depend on anything but the inputs.
     */
    void accumulate(double[] z, double[] x) {
        int j = 0;
        for (; j + 3 < rank; j += 4) {
            double z0 = z[j];
            double z1 = z[j + 1];
            double z2 = z[j + 2];
            double z3 = z[j + 3];
            double[] a0 = columns[j];
            double[] a1 = columns[j + 1];
            double[] a2 = columns[j + 2];
            double[] a3 = columns[j + 3];
            for (int i = start[j]; i < n; i++) { // rows above a later column's start hold zeros
                x[i] += (a0[i] * z0 + a1[i] * z1) + (a2[i] * z2 + a3[i] * z3);
            }
        }
        for (; j < rank; j++) {
            double zj = z[j];
            double[] a = columns[j];
            for (int i = start[j]; i < n; i++) {
                x[i] += a[i] * zj;
            }
        }
    }

    /** Divides every entry by {@code divisor} (the kernel works with changes / 100). */
    CovarianceFactor scaled(double divisor) {
        double[][] c = new double[rank][];
        for (int j = 0; j < rank; j++) {
            c[j] = columns[j].clone();
            for (int i = 0; i < n; i++) {
                c[j][i] /= divisor;
            }
        }
        return new CovarianceFactor(kind, n, c, start);
    }

    /** One line for the result: the factorisation used. */
    public String describe() {
        return kind == Kind.CHOLESKY
                ? String.format(Locale.ROOT, "Cholesky factor of the %d×%d covariance (positive definite)", n, n)
                : String.format(Locale.ROOT, "eigen-decomposition of the %d×%d covariance, rank %d: eigenvalues"
                        + " at or below %s × the largest were set to 0", n, n, rank, n * RELATIVE_TOLERANCE);
    }
}
