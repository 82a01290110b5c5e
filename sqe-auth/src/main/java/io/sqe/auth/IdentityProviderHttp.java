package io.sqe.auth;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP client SQE talks to the identity provider with: JDK {@link HttpClient} with connect and request
 * timeouts, no redirects, and a small bounded pool of daemon threads. Every transport failure becomes
 * {@code IDENTITY_PROVIDER_UNAVAILABLE} naming what was being fetched; request bodies (which hold passwords and
 * tokens) never appear in a message.
 */
final class IdentityProviderHttp implements AutoCloseable {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 2;
    private static final int QUEUE_CAPACITY = 256;

    private final ThreadPoolExecutor executor;
    private final HttpClient client;
    private final Duration requestTimeout;

    IdentityProviderHttp(Duration connectTimeout, Duration requestTimeout) {
        requireNonNull(connectTimeout, "connectTimeout is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), daemonThreads(), new ThreadPoolExecutor.CallerRunsPolicy());
        this.executor.allowCoreThreadTimeOut(true);
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    IdentityProviderHttp() {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Fetches a JSON object with GET.
     *
     * @param what what the document is, for messages ("the discovery document")
     * @throws SqeException IDENTITY_PROVIDER_UNAVAILABLE when the provider cannot be reached, answers a status
     *     other than 200, or answers something that is not a JSON object
     */
    JsonNode getJson(URI uri, String what) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = send(request, what);
        if (response.statusCode() != 200) {
            throw unavailable("the identity provider answered HTTP " + response.statusCode() + " for " + what
                    + " at " + uri + "; check that [auth] issuer names the right realm, or try again later", null);
        }
        return parseObject(response.body()).orElseThrow(() -> unavailable(
                "the identity provider answered something that is not JSON for " + what + " at " + uri, null));
    }

    /** POSTs an {@code application/x-www-form-urlencoded} body; the caller interprets the status. */
    HttpResponse<String> postForm(URI uri, Map<String, String> form, Optional<String> authorization, String what) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form), StandardCharsets.UTF_8));
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return send(builder.build(), what);
    }

    /** The JSON object in {@code body}, or empty when it is not a JSON object. */
    static Optional<JsonNode> parseObject(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static SqeException unavailable(String message, Throwable cause) {
        return new SqeException(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE, message, cause);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        URI uri = request.uri();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw unavailable("the identity provider did not answer within its timeout (" + what + " at " + uri
                    + "); try again later", e);
        } catch (IOException e) {
            throw unavailable("cannot reach the identity provider (" + what + " at " + uri + "): "
                    + describe(e) + "; try again later, or ask the administrator to check [auth] issuer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the identity provider (" + what + ")", e);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String formBody(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(formEncode(name) + "=" + formEncode(value)));
        return body.toString();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "sqe-oidc-http-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
