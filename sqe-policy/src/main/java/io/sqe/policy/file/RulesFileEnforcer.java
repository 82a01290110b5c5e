package io.sqe.policy.file;

import static java.util.Objects.requireNonNull;

import io.sqe.core.concurrent.NamedThreadFactory;
import io.sqe.core.config.Secret;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.SessionUser;
import io.sqe.policy.PolicyEnforcer;
import io.sqe.policy.QueryPolicy;
import io.sqe.policy.mask.MaskFunctions;
import io.sqe.policy.rewrite.PolicyExpressionPlanner;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules-file engine. Construction loads the file and fails with CONFIGURATION_INVALID when it is missing or
 * invalid, so a server with broken rules does not start. A daemon thread then polls the file every reload
 * interval (modification time and size, and the content hash when those changed or the file was written in the
 * last few seconds); a changed file that parses replaces the rules, one that does not is logged and the last good
 * rules stay in force.
 */
public final class RulesFileEnforcer implements PolicyEnforcer {
    private static final Logger log = LoggerFactory.getLogger(RulesFileEnforcer.class);
    /** Files modified this recently are re-hashed on every poll: coarse timestamps may hide a same-size edit. */
    private static final long RECENT_MILLIS = 5_000;

    private final Path path;
    private final String keyId;
    private final PolicyExpressionPlanner planner;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final Object reloadLock = new Object();
    private final ScheduledExecutorService poller;
    private Fingerprint lastSeen;
    private byte[] lastFailedHash;
    private boolean unreadableReported;

    /**
     * Loads {@code path} and starts polling it.
     *
     * @param maskKey HMAC key of hash masks; empty gives plain SHA-256
     * @param reloadInterval time between polls
     * @param planner plans the policy expressions into the query plan
     */
    public RulesFileEnforcer(Path path, Secret maskKey, Duration reloadInterval, PolicyExpressionPlanner planner) {
        this.path = requireNonNull(path, "path is null");
        requireNonNull(maskKey, "maskKey is null");
        requireNonNull(reloadInterval, "reloadInterval is null");
        this.planner = requireNonNull(planner, "planner is null");
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("reloadInterval must be positive");
        }
        Loaded loaded = load(read());
        current.set(loaded);
        lastSeen = loaded.fingerprint();
        this.keyId = MaskFunctions.registerKey(maskKey);
        if (maskKey.isEmpty()) {
            log.warn("[policy] mask_key is not set: hash masks are plain SHA-256 and can be reversed by guessing "
                    + "values; set mask_key");
        }
        log.info("Loaded {} policy rules from {}", loaded.rules().rules().size(), path);
        this.poller = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("policy-reload", 0));
        long millis = reloadInterval.toMillis();
        poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public QueryPolicy forQuery(SessionUser user) {
        return new RulesFileQueryPolicy(current.get().rules(), requireNonNull(user, "user is null"), keyId, planner);
    }

    /** The rules file this engine reads. */
    public Path path() {
        return path;
    }

    /**
     * Reloads the file now, whether or not it looks changed. Throws CONFIGURATION_INVALID when it is missing or
     * invalid; the rules in force then stay as they were.
     */
    public void reloadNow() {
        synchronized (reloadLock) {
            Contents contents = read();
            lastSeen = contents.fingerprint();
            install(load(contents));
        }
    }

    /** Counts the rules versions that took effect: 1 after start, one more per successful reload. */
    public long rulesVersion() {
        return current.get().version();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            if (!poller.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("The policy reload thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MaskFunctions.unregisterKey(keyId);
    }

    private void poll() {
        try {
            synchronized (reloadLock) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class);
                } catch (IOException e) {
                    if (!unreadableReported) {
                        unreadableReported = true;
                        log.error("Policy rules file {} cannot be read ({}); the previous policy rules stay in force",
                                path, e.getClass().getSimpleName());
                    }
                    return;
                }
                unreadableReported = false;
                long modified = attributes.lastModifiedTime().toMillis();
                boolean recent = System.currentTimeMillis() - modified < RECENT_MILLIS;
                if (!recent && lastSeen != null && lastSeen.modifiedMillis() == modified
                        && lastSeen.size() == attributes.size()) {
                    return;
                }
                Contents contents = read();
                lastSeen = contents.fingerprint();
                if (Arrays.equals(contents.fingerprint().hash(), current.get().fingerprint().hash())
                        || Arrays.equals(contents.fingerprint().hash(), lastFailedHash)) {
                    return;
                }
                try {
                    install(load(contents));
                } catch (SqeException e) {
                    lastFailedHash = contents.fingerprint().hash();
                    throw e;
                }
            }
        } catch (SqeException e) {
            log.error("{}; the previous policy rules stay in force", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Could not check the policy rules file {}; the previous policy rules stay in force", path, e);
        }
    }

    private void install(Loaded loaded) {
        current.set(loaded);
        lastFailedHash = null;
        log.info("Reloaded {} policy rules from {}", loaded.rules().rules().size(), path);
    }

    private Loaded load(Contents contents) {
        boolean json = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        Loaded previous = current.get();
        try {
            return new Loaded(RulesFileParser.parse(contents.text(), json), contents.fingerprint(),
                    previous == null ? 1 : previous.version() + 1);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage(), e);
        }
    }

    private Contents read() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            byte[] bytes = Files.readAllBytes(path);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return new Contents(text, new Fingerprint(attributes.lastModifiedTime().toMillis(), attributes.size(),
                    MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchFileException e) {
            throw invalid("the file does not exist; create it or set [policy] rules to its path", e);
        } catch (CharacterCodingException e) {
            throw invalid("the file is not UTF-8 text", e);
        } catch (IOException e) {
            throw invalid("the file cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private SqeException invalid(String problem, Throwable cause) {
        return new SqeException(ErrorCode.CONFIGURATION_INVALID,
                "Policy rules file " + path + " is invalid: " + problem, cause);
    }

    private record Fingerprint(long modifiedMillis, long size, byte[] hash) {}

    private record Contents(String text, Fingerprint fingerprint) {}

    private record Loaded(RuleSet rules, Fingerprint fingerprint, long version) {}
}
