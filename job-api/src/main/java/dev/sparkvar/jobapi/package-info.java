/**
 * The contract between the service and the Spark job, in JDK types only, so that both sides compile against one
 * copy: the job's command-line options and environment ({@link dev.sparkvar.jobapi.JobOptions},
 * {@link dev.sparkvar.jobapi.JobEnvironment}), its exit codes ({@link dev.sparkvar.jobapi.ExitCode}), the events it
 * prints and posts ({@link dev.sparkvar.jobapi.JobEvents} and the bodies {@link dev.sparkvar.jobapi.ProgressReport},
 * {@link dev.sparkvar.jobapi.JobError}, {@link dev.sparkvar.jobapi.JobResult}) and the JVM flags Spark needs on
 * Java 17 ({@link dev.sparkvar.jobapi.SparkJavaOptions}).
 *
 * <p><b>Bean Validation without a dependency.</b> The records carry {@code jakarta.validation} constraint
 * annotations, which the service's Hibernate Validator checks on the callback bodies. The API jar is a
 * {@code provided}, optional dependency of this module only: it is on the compiler's classpath, never on the job's.
 * That is safe because the JVM skips annotations whose classes are absent at run time (JLS 13.5.7: reflection
 * ignores them), so the job (and Jackson introspecting these records in it) sees plain records; Spark's own
 * {@code jakarta.validation-api} 2.x is the {@code javax.validation} package and does not clash. The one class that
 * needs the API to load, {@link dev.sparkvar.jobapi.TasksWithinTotal.Validator}, is only loaded by a validator.
 */
package dev.sparkvar.jobapi;
