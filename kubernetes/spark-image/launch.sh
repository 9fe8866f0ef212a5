#!/bin/sh
# Starts a Spark standalone master, or a worker when oshinko sets SPARK_MASTER_ADDRESS (the contract of the
# radanalyticsio/openshift-spark images). Conf: the image's conf/, overlaid with the files of the ConfigMap
# oshinko mounts at UPDATE_SPARK_CONF_DIR; ${OSHINKO_SPARK_CLUSTER} in them becomes the cluster's name.
set -eu
conf="${SPARK_CONF_DIR:-/tmp/spark-conf}"
mkdir -p "$conf"
cp "$SPARK_HOME"/conf/* "$conf"/ 2>/dev/null || true
touch "$conf/spark-defaults.conf"
if [ -n "${UPDATE_SPARK_CONF_DIR:-}" ] && [ -d "$UPDATE_SPARK_CONF_DIR" ]; then
  for f in "$UPDATE_SPARK_CONF_DIR"/*; do
    [ -f "$f" ] || continue
    sed "s/\${OSHINKO_SPARK_CLUSTER}/${OSHINKO_SPARK_CLUSTER:-}/g" "$f" > "$conf/$(basename "$f")"
  done
fi
# Advertise the pod IP: the Service name cannot be bound, and 0.0.0.0 would be handed to workers as the
# master's address. (SPARK_LOCAL_IP and the *_PORT variables are for tests; oshinko sets none of them.)
pod_ip() {
  # `hostname` may be missing from minimal images: then the kubelet's /etc/hosts line for this pod's name.
  if command -v hostname >/dev/null 2>&1; then
    set -- $(hostname -i)
    echo "$1"
    return
  fi
  name="$(cat /proc/sys/kernel/hostname)"
  while read -r addr names; do
    for n in $names; do
      if [ "$n" = "$name" ]; then echo "$addr"; return; fi
    done
  done < /etc/hosts
}
ip="${SPARK_LOCAL_IP:-$(pod_ip)}"
if [ -z "$ip" ]; then
  echo "launch.sh: cannot find this pod's IP (no SPARK_LOCAL_IP, no hostname -i, nothing in /etc/hosts)" >&2
  exit 1
fi
export SPARK_LOCAL_IP="$ip"
# Spark's Java 17 flags: a copy of dev.sparkvar.jobapi.SparkJavaOptions.JAVA17 (job-api), one per line;
# spark-job's SparkJavaOptionsTests fails when they differ.
java17="-XX:+IgnoreUnrecognizedVMOptions \
--add-opens=java.base/java.lang=ALL-UNNAMED \
--add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
--add-opens=java.base/sun.security.action=ALL-UNNAMED \
--add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED \
-Djdk.reflect.useDirectMethodHandle=false"
opens="-Xmx${SPARK_DAEMON_MEMORY:-1g} $java17"
cp_="$conf:$SPARK_HOME/jars/*"
metrics=""
[ -f "$conf/metrics.properties" ] && metrics="-Dspark.metrics.conf=$conf/metrics.properties"
if [ -z "${SPARK_MASTER_ADDRESS:-}" ]; then
  # shellcheck disable=SC2086
  exec java $opens $metrics -cp "$cp_" org.apache.spark.deploy.master.Master \
    --host "$ip" --port "${SPARK_MASTER_PORT:-7077}" --webui-port "${SPARK_MASTER_WEBUI_PORT:-8080}" --properties-file "$conf/spark-defaults.conf"
fi
work="${SPARK_WORKER_DIR:-/tmp/spark-work}"
mkdir -p "$work"
# shellcheck disable=SC2086
exec java $opens $metrics -cp "$cp_" org.apache.spark.deploy.worker.Worker \
  --host "$ip" --webui-port "${SPARK_WORKER_WEBUI_PORT:-8081}" --cores "${SPARK_WORKER_CORES:-1}" --memory "${SPARK_WORKER_MEMORY:-1g}" \
  --work-dir "$work" --properties-file "$conf/spark-defaults.conf" "$SPARK_MASTER_ADDRESS"
