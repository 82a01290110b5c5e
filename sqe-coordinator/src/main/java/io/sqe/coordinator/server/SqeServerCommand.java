package io.sqe.coordinator.server;

import io.sqe.core.config.SqeConfig;
import io.sqe.core.error.SqeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/sqe-server}: runs the server until it is interrupted. */
@Command(name = "sqe-server", mixinStandardHelpOptions = true, versionProvider = SqeServerCommand.Version.class,
        description = "Runs the SQE server (standalone: coordinator plus an in-process worker).")
public final class SqeServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration file (see config/sqe.toml.example)")
    private Path configFile;

    @Option(names = "--mode", defaultValue = "standalone", description = "standalone (coordinator with an"
            + " in-process worker), coordinator (sends large scans to the workers that register on [coordinator]"
            + " cluster_port or are listed in worker_urls) or worker (runs signed scan tasks; see [worker])")
    private String mode;

    @Option(names = "--log-format", defaultValue = "text", description = "text (default) or json: one JSON object per"
            + " log line, for log shippers")
    private String logFormat;

    public static void main(String[] args) {
        // Logging is configured when the first logger is created, so the format is chosen before anything logs.
        if (List.of(args).contains("--log-format=json") || List.of(args).indexOf("--log-format") >= 0
                && List.of(args).indexOf("--log-format") + 1 < args.length
                && "json".equals(args[List.of(args).indexOf("--log-format") + 1])) {
            System.setProperty("logback.configurationFile", "sqe-logback-json.xml");
        }
        System.exit(new CommandLine(new SqeServerCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!"text".equals(logFormat) && !"json".equals(logFormat)) {
            System.err.println("Error: --log-format must be text or json");
            return 2;
        }
        if ("worker".equals(mode)) {
            return runWorker();
        }
        if (!"standalone".equals(mode) && !"coordinator".equals(mode)) {
            System.err.println("Error: --mode must be standalone, coordinator or worker, not " + mode);
            return 2;
        }
        SqeConfig config;
        SqeServer server;
        try {
            config = SqeConfig.load(Optional.ofNullable(configFile), System.getenv());
            server = SqeServer.start(config, "coordinator".equals(mode));
        } catch (SqeException e) {
            System.err.println("Error: " + e.toUserString());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sqe-shutdown"));
        System.err.println("SQE is ready: Flight SQL on " + config.coordinator().host() + ":" + server.flightSqlPort()
                + ", Trino protocol on http://" + config.coordinator().host() + ":" + server.trinoHttpPort()
                + server.clusterPort().stream().mapToObj(port -> ", worker heartbeats on grpc://"
                        + config.coordinator().host() + ":" + port).findFirst().orElse(""));
        stopped.await();
        return 0;
    }

    private Integer runWorker() throws InterruptedException {
        SqeConfig config;
        SqeWorkerProcess worker;
        try {
            config = SqeConfig.load(Optional.ofNullable(configFile), System.getenv());
            worker = SqeWorkerProcess.start(config);
        } catch (SqeException e) {
            System.err.println("Error: " + e.toUserString());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "sqe-shutdown"));
        System.err.println("SQE worker is ready: Arrow Flight on " + config.worker().host() + ":" + worker.port());
        stopped.await();
        return 0;
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SqeServer.class.getPackage().getImplementationVersion();
            return new String[] {"SQE " + (version == null ? "development build" : version)};
        }
    }
}
