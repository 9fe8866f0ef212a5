/**
 * Operating the service (issue 21): its Prometheus metrics, served on the management port with health. The
 * meters read the state the features keep (runs, admission, reaper) or count the runs' events, which {@code run}
 * fires as CDI events ({@link dev.sparkvar.run.RunStep}); no feature depends on this package.
 */
package dev.sparkvar.observe;
