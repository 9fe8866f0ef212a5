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
 * <p>The factor is stored by columns for the kernel's axpy loop: column {@code j} holds rows
 * {@code start(j)} to {@code n-1} ({@code start(j) = j} for Cholesky, 0 for the eigen factor).
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
    private final double[] packed;
    private final int[] offset;
    private final int[] start;

    private CovarianceFactor(Kind kind, int n, int rank, double[] packed, int[] offset, int[] start) {
        this.kind = kind;
        this.n = n;
        this.rank = rank;
        this.packed = packed;
        this.offset = offset;
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

    private static CovarianceFactor byColumns(Kind kind, int n, int columns, Entry entry, boolean triangular) {
        int[] offset = new int[columns];
        int[] start = new int[columns];
        int size = 0;
        for (int j = 0; j < columns; j++) {
            offset[j] = size;
            start[j] = triangular ? j : 0;
            size += n - start[j];
        }
        double[] packed = new double[size];
        for (int j = 0; j < columns; j++) {
            for (int i = start[j]; i < n; i++) {
                packed[offset[j] + i - start[j]] = entry.at(i, j);
            }
        }
        return new CovarianceFactor(kind, n, columns, packed, offset, start);
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
        return i < start[j] ? 0 : packed[offset[j] + i - start[j]];
    }

    /**
     * {@code x += scale × A z}: column by column, each an axpy over contiguous memory (vectorisable), every
     * row still summed in column order.
     */
    void accumulate(double[] z, double[] x) {
        double[] a = packed;
        for (int j = 0; j < rank; j++) {
            double zj = z[j];
            int off = offset[j] - start[j];
            for (int i = start[j]; i < n; i++) {
                x[i] += a[off + i] * zj;
            }
        }
    }

    /** Divides every entry by {@code divisor} (the kernel works with changes / 100). */
    CovarianceFactor scaled(double divisor) {
        double[] p = packed.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] /= divisor;
        }
        return new CovarianceFactor(kind, n, rank, p, offset, start);
    }

    /** One line for the result: the factorisation used. */
    public String describe() {
        return kind == Kind.CHOLESKY
                ? String.format(Locale.ROOT, "Cholesky factor of the %d×%d covariance (positive definite)", n, n)
                : String.format(Locale.ROOT, "eigen-decomposition of the %d×%d covariance, rank %d: eigenvalues"
                        + " at or below %s × the largest were set to 0", n, n, rank, n * RELATIVE_TOLERANCE);
    }
}
