package dev.sparkvar.job;

/** Entry point of the value-at-risk job (placeholder until the module is built). */
public final class VarJob {
    public static void main(String[] args) {
        System.out.println("sparkvar-job");
    }
}
