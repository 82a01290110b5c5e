# syntax=docker/dockerfile:1
# The SQE server image. One image serves every role: the coordinator (`sqe-server`, standalone mode: a coordinator
# with an in-process worker) and workers (`sqe-server --mode worker`); docker-compose.yml runs both, and
# docs/deployment.md describes the stack.
#
# The image runs exactly what bin/sqe-server runs on a workstation: bin/sqe-launch starting
# io.sqe.coordinator.server.SqeServerCommand from sqe-cli/target/sqe-cli.jar plus sqe-cli/target/lib/*, with the
# JVM flags it picks for the running JDK. Extra JVM options go in SQE_JAVA_OPTS.
#
# Build: docker build -t sqe:local .   (needs BuildKit, the default since Docker 23, for the Maven cache mount)

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The same build bin/sqe-launch runs when its jars are missing: the CLI module and everything it depends on, tests
# not compiled. The cache mount keeps the Maven distribution and the downloaded dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw bin/sqe-launch bin/sqe-server bin/sqe-cli \
    && ./mvnw -B -q package -Dmaven.test.skip=true -pl sqe-cli -am \
    && test -f sqe-cli/target/sqe-cli.jar \
    && test -d sqe-cli/target/lib

FROM eclipse-temurin:17-jre
# openssl and keytool generate the development certificates (the "certs" service in docker-compose.yml);
# eclipse-temurin ships keytool and, through ca-certificates, normally openssl too.
RUN if ! command -v openssl >/dev/null 2>&1; then \
        apt-get update \
        && apt-get install -y --no-install-recommends openssl \
        && rm -rf /var/lib/apt/lists/*; \
    fi \
    && groupadd --system --gid 10001 sqe \
    && useradd --system --uid 10001 --gid sqe --home-dir /var/lib/sqe --no-create-home --shell /usr/sbin/nologin sqe \
    && mkdir -p /var/lib/sqe /etc/sqe/tls \
    && chown sqe:sqe /var/lib/sqe /etc/sqe/tls
# The launcher expects the layout of a source checkout (bin/ beside sqe-cli/target/); with no sources or pom.xml
# under /opt/sqe it never tries to rebuild.
COPY --from=build /src/bin/sqe-launch /src/bin/sqe-server /src/bin/sqe-cli /opt/sqe/bin/
COPY --from=build /src/sqe-cli/target/sqe-cli.jar /opt/sqe/sqe-cli/target/sqe-cli.jar
COPY --from=build /src/sqe-cli/target/lib/ /opt/sqe/sqe-cli/target/lib/
ENV PATH=/opt/sqe/bin:$PATH
USER sqe:sqe
# The working directory holds the server's own files: the audit trail and, with the embedded catalog, the warehouse.
WORKDIR /var/lib/sqe
# 50051 Arrow Flight SQL, 8080 Trino client protocol, 9090 /metrics /health /ready, 50052 worker (Arrow Flight).
EXPOSE 50051 8080 9090 50052
ENTRYPOINT ["/opt/sqe/bin/sqe-server"]
