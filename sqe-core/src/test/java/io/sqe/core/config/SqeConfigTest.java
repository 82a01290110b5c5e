package io.sqe.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqeConfigTest {
    @TempDir
    Path directory;

    @Test
    void defaultsAreTheEmbeddedServer() {
        SqeConfig config = SqeConfig.defaults();
        assertThat(config.coordinator().host()).isEqualTo("127.0.0.1");
        assertThat(config.coordinator().flightSqlPort()).isEqualTo(50051);
        assertThat(config.coordinator().trinoHttpPort()).isEqualTo(8080);
        assertThat(config.catalog().type()).isEqualTo(CatalogConfig.CatalogType.EMBEDDED);
        assertThat(config.catalog().name()).isEqualTo("iceberg");
        assertThat(config.catalog().localDirectory()).isEqualTo(Path.of("./sqe-data"));
    }

    @Test
    void exampleFileDocumentsEveryKeyWithItsDefault() {
        Path example = Path.of("..", "config", "sqe.toml.example");
        assertThat(SqeConfig.load(Optional.of(example), Map.of())).isEqualTo(SqeConfig.defaults());
    }

    @Test
    void fileValuesAndEnvironmentOverrides() throws IOException {
        Path file = write("[coordinator]\nflight_sql_port = 6000\n[catalog]\nwarehouse = \"/tmp/w\"\n");
        SqeConfig config = SqeConfig.load(Optional.of(file),
                Map.of("SQE_CATALOG__WAREHOUSE", "/data/sqe", "PATH", "/bin", "SQE_NOT_A_KEY", "x"));
        assertThat(config.coordinator().flightSqlPort()).isEqualTo(6000);
        assertThat(config.catalog().localDirectory()).isEqualTo(Path.of("/data/sqe"));
    }

    @Test
    void scanParallelismIsAutoOrAWholeNumber() {
        assertThat(SqeConfig.defaults().query().scanParallelism())
                .isEqualTo(Math.min(256, Runtime.getRuntime().availableProcessors()));
        assertThat(SqeConfig.load(Optional.empty(), Map.of("SQE_QUERY__SCAN_PARALLELISM", "3")).query()
                .scanParallelism()).isEqualTo(3);
        assertThat(SqeConfig.load(Optional.empty(), Map.of("SQE_QUERY__SCAN_PARALLELISM", "auto")).query())
                .isEqualTo(SqeConfig.defaults().query());
        assertThatThrownBy(() -> SqeConfig.load(Optional.empty(), Map.of("SQE_QUERY__SCAN_PARALLELISM", "0")))
                .isInstanceOf(SqeException.class)
                .hasMessage("Invalid configuration [query] scan_parallelism: 0 is outside 1..256")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.CONFIGURATION_INVALID);
        assertThatThrownBy(() -> SqeConfig.load(Optional.empty(), Map.of("SQE_QUERY__SCAN_PARALLELISM", "many")))
                .hasMessage("Invalid configuration [query] scan_parallelism: 'many' is not a whole number");
    }

    @Test
    void environmentAloneConfiguresThePort() {
        SqeConfig config = SqeConfig.load(Optional.empty(), Map.of("SQE_COORDINATOR__FLIGHT_SQL_PORT", "50052"));
        assertThat(config.coordinator().flightSqlPort()).isEqualTo(50052);
    }

    @Test
    void trinoHttpPortFromTheEnvironment() {
        SqeConfig config = SqeConfig.load(Optional.empty(), Map.of("SQE_COORDINATOR__TRINO_HTTP_PORT", "0"));
        assertThat(config.coordinator().trinoHttpPort()).isZero();
        assertThat(config.coordinator().withTrinoHttpPort(8081).trinoHttpPort()).isEqualTo(8081);
        assertThatThrownBy(() -> SqeConfig.load(Optional.empty(), Map.of("SQE_COORDINATOR__TRINO_HTTP_PORT", "-1")))
                .hasMessage("Invalid configuration [coordinator] trino_http_port: -1 is outside 0..65535");
    }

    @Test
    void registrationAndDrainKeys() {
        SqeConfig defaults = SqeConfig.defaults();
        assertThat(defaults.coordinator().clusterPort()).isEqualTo(50053);
        assertThat(defaults.coordinator().drainTimeout()).isEqualTo(java.time.Duration.ofSeconds(25));
        assertThat(defaults.worker().registration()).isEmpty();
        assertThat(defaults.worker().advertiseUrl(50099)).isEqualTo("grpc://127.0.0.1:50099");

        SqeConfig config = SqeConfig.load(Optional.empty(), Map.of(
                "SQE_COORDINATOR__CLUSTER_PORT", "0",
                "SQE_COORDINATOR__DRAIN_TIMEOUT_SECONDS", "0",
                "SQE_WORKER__COORDINATOR_URL", " grpc://10.0.0.10:50053 ",
                "SQE_WORKER__ADVERTISE_URL", "grpc://w1.internal:50052",
                "SQE_WORKER__HEARTBEAT_INTERVAL_MS", "250"));
        assertThat(config.coordinator().clusterPort()).isZero();
        assertThat(config.coordinator().drainTimeout()).isZero();
        assertThat(config.worker().registration()).contains("grpc://10.0.0.10:50053");
        assertThat(config.worker().advertiseUrl(1)).isEqualTo("grpc://w1.internal:50052");
        assertThat(config.worker().heartbeatIntervalMillis()).isEqualTo(250);
        assertThatThrownBy(() -> SqeConfig.load(Optional.empty(), Map.of("SQE_WORKER__HEARTBEAT_INTERVAL_MS", "10")))
                .hasMessage("Invalid configuration [worker] heartbeat_interval_ms: 10 is outside 100..60000");
    }

    @Test
    void unknownKeysAreRejected() throws IOException {
        Path file = write("[coordinator]\nflight_sql_prot = 6000\n");
        assertThatThrownBy(() -> SqeConfig.load(Optional.of(file), Map.of()))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("Unknown configuration key 'flight_sql_prot' in section [coordinator]")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.CONFIGURATION_INVALID);
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> SqeConfig.load(Optional.empty(), Map.of("SQE_COORDINATOR__FLIGHT_SQL_PORT", "7x")))
                .isInstanceOf(SqeException.class)
                .hasMessage("Invalid configuration [coordinator] flight_sql_port: '7x' is not a whole number");
        assertThatThrownBy(() -> SqeConfig.load(Optional.empty(), Map.of("SQE_COORDINATOR__FLIGHT_SQL_PORT", "70000")))
                .hasMessage("Invalid configuration [coordinator] flight_sql_port: 70000 is outside 0..65535");
        assertThatThrownBy(() -> SqeConfig.load(Optional.empty(), Map.of("SQE_CATALOG__TYPE", "hive")))
                .hasMessageContaining("[catalog] type: 'hive' is not one of [embedded, rest]");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> SqeConfig.load(Optional.of(directory.resolve("nope.toml")), Map.of()))
                .isInstanceOf(SqeException.class)
                .hasMessageStartingWith("Configuration file not found:");
    }

    @Test
    void secretsNeverPrint() {
        assertThat(new Secret("hunter2").toString()).isEqualTo("****").doesNotContain("hunter2");
        assertThat(new Secret("").toString()).isEqualTo("<unset>");
    }

    private Path write(String text) throws IOException {
        Path file = directory.resolve("sqe.toml");
        Files.writeString(file, text);
        return file;
    }
}
