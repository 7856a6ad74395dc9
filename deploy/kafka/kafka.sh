#!/usr/bin/env bash
# Run a real single-node Apache Kafka broker (KRaft, combined broker+controller)
# without Docker: the jars come from Maven Central (see pom.xml beside this file).
#
#   deploy/kafka/kafka.sh fetch|start|stop|status|reset|logs
#
# Environment (all optional):
#   KAFKA_VERSION          Kafka release (default below; 3.9.x and 4.x both work)
#   KAFKA_PORT             client listener port            (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener port  (default 9093)
#   KAFKA_TOPICS           "name:partitions ..."           (default: loms.order-events:2 loms.order-events.dlq:1 products.product-events:2)
#   KAFKA_CACHE_ROOT       root of all caches              (default ~/.cache/marketplace-kafka)
#   KAFKA_HOME             jars for one version            (default $KAFKA_CACHE_ROOT/$KAFKA_VERSION)
#   KAFKA_DATA_DIR         broker data (log.dirs)          (default $KAFKA_HOME/data-$KAFKA_PORT)
#   KAFKA_START_TIMEOUT    seconds to wait for readiness   (default 60)
#   KAFKA_HEAP_OPTS        broker heap                     (default -Xms256m -Xmx512m)
#   KAFKA_CLUSTER_ID       cluster id used on first format (default: random)
#   KAFKA_MVN_ARGS         extra arguments for mvn, e.g. -Dmaven.repo.local=...
#   JAVA_HOME              java is $JAVA_HOME/bin/java if set, else `java` on PATH
set -euo pipefail

# Default: newest Kafka 4.x whose whole dependency tree is on Maven Central
# (4.4.0's kafka_2.13 pom is published, but kafka-tools/kafka-tools-api 4.4.0 are
# not, so it cannot be resolved). kafkajs 2.2.4 was checked end to end against it
# (produce, group consume + commit, admin, transactions). KAFKA_VERSION=3.9.2
# runs the last 3.x line (log4j 1 / reload4j logging) with the same script.
readonly DEFAULT_KAFKA_VERSION=4.3.1

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_VERSION="${KAFKA_VERSION:-$DEFAULT_KAFKA_VERSION}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_TOPICS="${KAFKA_TOPICS:-loms.order-events:2 loms.order-events.dlq:1 products.product-events:2}"
KAFKA_CACHE_ROOT="${KAFKA_CACHE_ROOT:-${HOME:-/tmp}/.cache/marketplace-kafka}"
KAFKA_HOME="${KAFKA_HOME:-$KAFKA_CACHE_ROOT/$KAFKA_VERSION}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$KAFKA_HOME/data-$KAFKA_PORT}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_MVN_ARGS="${KAFKA_MVN_ARGS:-}"

LIBS_DIR="$KAFKA_HOME/libs"
FETCH_MARKER="$LIBS_DIR/.fetched"
# Per-port run state (pid, config, logs) is shared by all versions, so that
# `stop` finds the broker on a port whatever KAFKA_VERSION started it.
RUN_DIR="$KAFKA_CACHE_ROOT/run-$KAFKA_PORT"
PID_FILE="$RUN_DIR/kafka.pid"
LOG_DIR="$RUN_DIR/logs"
SERVER_LOG="$LOG_DIR/server.log"
STDOUT_LOG="$LOG_DIR/stdout.log"
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"

log() { echo "kafka: $*"; }
err() { echo "kafka: error: $*" >&2; }
die() { err "$*"; exit 1; }
now_ms() { # wall clock in ms (bash 5 EPOCHREALTIME; whole seconds otherwise)
  local t="${EPOCHREALTIME:-}"
  if [[ -n "$t" ]]; then t="${t//[.,]/}"; echo $((10#$t / 1000)); else echo $((SECONDS * 1000)); fi
}
since() { local d=$(($(now_ms) - $1)); printf '%d.%ds' $((d / 1000)) $((d % 1000 / 100)); }

case "$KAFKA_VERSION" in
  4.*) MAJOR=4; LOGGING=log4j2 ;;
  3.*) MAJOR=3; LOGGING=reload4j ;;
  *) die "unsupported KAFKA_VERSION=$KAFKA_VERSION (expected 3.x or 4.x)" ;;
esac
[[ "$KAFKA_PORT" =~ ^[0-9]+$ && "$KAFKA_CONTROLLER_PORT" =~ ^[0-9]+$ ]] \
  || die "KAFKA_PORT / KAFKA_CONTROLLER_PORT must be numbers"
[[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"

# ---------------------------------------------------------------- helpers ---

find_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    JAVA="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    JAVA="$(command -v java)"
  else
    die "java not found: install a JDK/JRE 17+ (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
  fi
  local spec
  spec="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
  spec="${spec#1.}"
  local need=11; [[ $MAJOR == 4 ]] && need=17
  if [[ -n "$spec" && "${spec%%.*}" -lt "$need" ]]; then
    die "Kafka $KAFKA_VERSION needs Java $need+, but $JAVA is Java $spec"
  fi
}

port_open() { # port -> 0 if something accepts TCP connections on 127.0.0.1:port
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# pid of the broker this script started on this port, or nothing.
# The pid file holds: pid, Kafka version, data dir (one per line).
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(head -n1 "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: the process must be a kafka.Kafka JVM.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

with_lock() { # run "$@" under an exclusive lock on $1 (when flock exists)
  local lock="$1"; shift
  mkdir -p "$(dirname "$lock")"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$lock"
    flock -w 600 9 || die "could not lock $lock"
    "$@"
    exec 9>&-
  else
    "$@"
  fi
}

show_log_tail() {
  local f
  for f in "$SERVER_LOG" "$STDOUT_LOG"; do
    if [[ -s "$f" ]]; then
      echo "kafka: ---- last lines of $f ----" >&2
      tail -n 40 "$f" >&2
      echo "kafka: ----" >&2
    fi
  done
}

# ------------------------------------------------------------------ fetch ---

fetched() { [[ -f "$FETCH_MARKER" ]] && [[ "$(cat "$FETCH_MARKER")" == "$KAFKA_VERSION" ]]; }

do_fetch() {
  if fetched; then
    log "jars for Kafka $KAFKA_VERSION already in $LIBS_DIR"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven (apt-get install maven) to fetch Kafka jars"
  log "fetching Kafka $KAFKA_VERSION jars from Maven Central into $LIBS_DIR ..."
  local started work
  started="$(now_ms)"
  mkdir -p "$KAFKA_HOME"
  work="$(mktemp -d "$KAFKA_HOME/.fetch.XXXXXX")"
  # Run Maven in a scratch copy so nothing (target/ etc.) is written into the repo.
  cp "$SCRIPT_DIR/pom.xml" "$work/pom.xml"
  # shellcheck disable=SC2086 # KAFKA_MVN_ARGS is a list of words on purpose
  if ! (cd "$work" && mvn -B -q -Dstyle.color=never $KAFKA_MVN_ARGS \
          -Dkafka.version="$KAFKA_VERSION" -Dkafka.logging="$LOGGING" \
          dependency:copy-dependencies -DincludeScope=runtime \
          -DoutputDirectory="$work/libs" </dev/null >"$work/mvn.log" 2>&1); then
    sed 's/\x1b\[[0-9;]*m//g' "$work/mvn.log" | grep -v '^\[ERROR\] *$' | tail -n 12 >&2
    rm -rf "$work" "$KAFKA_HOME/.fetch.lock"
    rmdir "$KAFKA_HOME" 2>/dev/null || true
    die "Maven could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION (is this version on Maven Central?)"
  fi
  [[ -f "$work/libs/kafka_2.13-$KAFKA_VERSION.jar" ]] || { rm -rf "$work"; die "fetch produced no kafka_2.13-$KAFKA_VERSION.jar"; }
  echo "$KAFKA_VERSION" >"$work/libs/.fetched"
  rm -rf "$LIBS_DIR"
  mv "$work/libs" "$LIBS_DIR"
  rm -rf "$work"
  log "fetched $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars in $(since "$started")"
}

fetch() { fetched && { log "jars for Kafka $KAFKA_VERSION already in $LIBS_DIR"; return 0; }; with_lock "$KAFKA_HOME/.fetch.lock" do_fetch; }

# ----------------------------------------------------------------- config ---

write_server_config() {
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  rm -f "$RUN_DIR"/log4j*-server.properties
  local props="$RUN_DIR/server.properties"
  cat >"$props" <<EOF
# Generated by deploy/kafka/kafka.sh (Kafka $KAFKA_VERSION) - do not edit, rewritten on start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA_DIR

num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
background.threads=4

num.partitions=2
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0

# Dev-sized retention: one day or 256 MiB per partition, 16 MiB segments.
log.retention.hours=24
log.retention.bytes=268435456
log.segment.bytes=16777216
log.retention.check.interval.ms=60000
EOF
  if [[ $MAJOR == 4 ]]; then
    cat >>"$props" <<'EOF'
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
EOF
  fi

  if [[ $LOGGING == log4j2 ]]; then
    SERVER_LOG_OPTS=(-Dlog4j2.configurationFile="$RUN_DIR/log4j2-server.properties")
    cat >"$RUN_DIR/log4j2-server.properties" <<'EOF'
status = warn
appender.file.type = RollingFile
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.filePattern = ${sys:kafka.logs.dir}/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
EOF
  else
    SERVER_LOG_OPTS=(-Dlog4j.configuration="file:$RUN_DIR/log4j-server.properties")
    cat >"$RUN_DIR/log4j-server.properties" <<'EOF'
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=${kafka.logs.dir}/server.log
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=3
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
EOF
  fi
}

# The CLI tools log warnings and errors to stderr only.
write_tools_config() {
  mkdir -p "$RUN_DIR"
  rm -f "$RUN_DIR"/log4j*-tools.properties
  if [[ $LOGGING == log4j2 ]]; then
    TOOLS_LOG_OPTS=(-Dlog4j2.configurationFile="$RUN_DIR/log4j2-tools.properties")
    cat >"$RUN_DIR/log4j2-tools.properties" <<'EOF'
status = warn
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = STDERR
EOF
  else
    TOOLS_LOG_OPTS=(-Dlog4j.configuration="file:$RUN_DIR/log4j-tools.properties")
    cat >"$RUN_DIR/log4j-tools.properties" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
  fi
}

# Short-lived JVM for the CLI tools (StorageTool, TopicCommand).
run_tool() {
  "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    "${TOOLS_LOG_OPTS[@]}" -cp "$LIBS_DIR/*" "$@" </dev/null
}

format_storage() {
  if [[ -f "$KAFKA_DATA_DIR/meta.properties" ]]; then
    return 0
  fi
  local cid="${KAFKA_CLUSTER_ID:-}"
  if [[ -z "$cid" ]]; then
    # A Kafka cluster id is a base64url (no padding) encoded 16-byte UUID. One starting with '-' is
    # drawn again, as Kafka's own random ids are: kafka-storage would read it as an option.
    cid=-
    while [[ "$cid" == -* ]]; do
      cid="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    done
  fi
  log "formatting storage in $KAFKA_DATA_DIR (cluster id $cid)"
  mkdir -p "$KAFKA_DATA_DIR"
  local out
  if ! out="$(run_tool kafka.tools.StorageTool format -t "$cid" -c "$RUN_DIR/server.properties" 2>&1)"; then
    echo "$out" >&2
    die "formatting $KAFKA_DATA_DIR failed"
  fi
}

# -------------------------------------------------------------- topics ---

list_topics() { # prints topic names; fails if the broker does not answer
  local cfg="$RUN_DIR/admin.properties"
  printf 'request.timeout.ms=5000\ndefault.api.timeout.ms=8000\n' >"$cfg"
  run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
    --command-config "$cfg" --list 2>&1
}

check_topics_spec() {
  local spec
  for spec in $KAFKA_TOPICS; do
    [[ "$spec" =~ ^[A-Za-z0-9._-]+(:[1-9][0-9]*)?$ ]] \
      || die "bad KAFKA_TOPICS entry '$spec' (want name:partitions, e.g. \"orders:2 orders.dlq:1\")"
  done
}

ensure_topics() { # [current topic listing, to save a JVM start]
  local existing="${1:-}" spec name parts created=0
  if [[ $# -eq 0 ]]; then
    existing="$(list_topics)" || { echo "$existing" >&2; die "could not list topics on $BOOTSTRAP"; }
  fi
  for spec in $KAFKA_TOPICS; do
    name="${spec%%:*}"
    parts=1
    [[ "$spec" != *:* ]] || parts="${spec#*:}"
    if grep -qxF "$name" <<<"$existing"; then
      continue
    fi
    local out
    if ! out="$(run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
          --create --if-not-exists --topic "$name" --partitions "$parts" --replication-factor 1 2>&1)"; then
      echo "$out" >&2
      die "could not create topic $name"
    fi
    log "created topic $name ($parts partition(s))"
    created=$((created + 1))
  done
  [[ $created -gt 0 ]] || log "topics present: $KAFKA_TOPICS"
}

# -------------------------------------------------------------- commands ---

start() {
  check_topics_spec
  find_java
  fetch # the admin tool is needed even when a broker is already running
  write_tools_config
  local pid
  if pid="$(running_pid)"; then
    log "already running (pid $pid, Kafka $(sed -n 2p "$PID_FILE")) on $BOOTSTRAP"
    ensure_topics
    return 0
  fi
  if port_open "$KAFKA_PORT"; then
    log "a broker already listens on $BOOTSTRAP (not started by this script): reusing it"
    local deadline=$((SECONDS + KAFKA_START_TIMEOUT)) topics
    until topics="$(list_topics)"; do
      if [[ $SECONDS -ge $deadline ]]; then
        echo "$topics" | tail -n 5 >&2
        die "$BOOTSTRAP accepts connections but does not answer as a Kafka broker within ${KAFKA_START_TIMEOUT}s"
      fi
      sleep 1
    done
    ensure_topics "$topics"
    return 0
  fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "port $KAFKA_CONTROLLER_PORT (KAFKA_CONTROLLER_PORT) is taken by another process"
  fi
  write_server_config
  format_storage
  rm -f "$PID_FILE"
  # Keep the previous run's log apart, so that errors shown below are from this run.
  [[ ! -s "$SERVER_LOG" ]] || mv -f "$SERVER_LOG" "$SERVER_LOG.prev"

  local started
  started="$(now_ms)"
  log "starting Kafka $KAFKA_VERSION on $BOOTSTRAP (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT, data $KAFKA_DATA_DIR, log $SERVER_LOG)"
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags on purpose
  (
    cd "$RUN_DIR"
    exec setsid "$JAVA" $KAFKA_HEAP_OPTS \
      -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
      -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      -Dkafka.logs.dir="$LOG_DIR" "${SERVER_LOG_OPTS[@]}" \
      -cp "$LIBS_DIR/*" kafka.Kafka "$RUN_DIR/server.properties"
  ) </dev/null >"$STDOUT_LOG" 2>&1 &
  pid=$!
  printf '%s\n%s\n%s\n' "$pid" "$KAFKA_VERSION" "$KAFKA_DATA_DIR" >"$PID_FILE"

  # Ready = JVM alive, client port open and the admin API answers a topic listing.
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT)) topics=""
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      show_log_tail
      die "broker process $pid exited during startup"
    fi
    if [[ $SECONDS -ge $deadline ]]; then
      show_log_tail
      err "broker not ready after ${KAFKA_START_TIMEOUT}s; it is left running (pid $pid): see $SERVER_LOG, or run '$0 stop'"
      exit 1
    fi
    if port_open "$KAFKA_PORT" && topics="$(list_topics)"; then
      break
    fi
    sleep 1
  done
  log "broker ready (pid $pid) in $(since "$started")"
  ensure_topics "$topics"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    if port_open "$KAFKA_PORT"; then
      log "not started by this script, but something listens on $BOOTSTRAP: leaving it alone"
    else
      log "not running"
    fi
    return 0
  fi
  log "stopping broker (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    err "broker did not stop within 30s: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    log "running (pid $pid, Kafka $(sed -n 2p "$PID_FILE"), data $(sed -n 3p "$PID_FILE")) on $BOOTSTRAP; log $SERVER_LOG"
    return 0
  fi
  if port_open "$KAFKA_PORT"; then
    log "running on $BOOTSTRAP (not started by this script)"
    return 0
  fi
  log "not running (port $KAFKA_PORT)"
  return 1
}

reset() {
  stop
  if [[ -d "$KAFKA_DATA_DIR" ]]; then
    rm -rf "$KAFKA_DATA_DIR"
    log "deleted data dir $KAFKA_DATA_DIR"
  else
    log "no data dir at $KAFKA_DATA_DIR"
  fi
  rm -rf "$LOG_DIR"
}

usage() {
  cat <<EOF
usage: $0 fetch|start|stop|status|reset|logs
  fetch   download Kafka $KAFKA_VERSION jars from Maven Central (cached in $LIBS_DIR)
  start   start a single-node KRaft broker on $BOOTSTRAP and create topics ($KAFKA_TOPICS)
  stop    stop the broker started by this script
  status  print whether a broker is running (exit 0) or not (exit 1)
  reset   stop and delete the data dir ($KAFKA_DATA_DIR)
  logs    print the last lines of the broker log
EOF
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  reset) reset ;;
  logs)
    [[ -f "$SERVER_LOG" ]] || die "no broker log at $SERVER_LOG"
    tail -n "${2:-100}" "$SERVER_LOG"
    ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
