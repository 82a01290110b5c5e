package io.sqe.worker;

import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * The W3C trace context a coordinator sends with a scan task ({@code traceparent}, {@code tracestate} headers), so
 * the worker's part of a query can join the query's trace. Read in the call's handler through
 * {@code context.getMiddleware(KEY)}.
 */
final class TraceContextMiddleware implements FlightServerMiddleware {
    static final Key<TraceContextMiddleware> KEY = Key.of("sqe-trace-context");
    /** A valid traceparent is 55 characters; anything much longer is not one, and is not kept. */
    private static final int MAX_HEADER_LENGTH = 512;

    private final Optional<String> traceParent;
    private final Optional<String> traceState;

    private TraceContextMiddleware(Optional<String> traceParent, Optional<String> traceState) {
        this.traceParent = traceParent;
        this.traceState = traceState;
    }

    Optional<String> traceParent() {
        return traceParent;
    }

    Optional<String> traceState() {
        return traceState;
    }

    private static Optional<String> header(CallHeaders headers, String name) {
        String value = headers.get(name);
        return value == null || value.isEmpty() || value.length() > MAX_HEADER_LENGTH ? Optional.empty()
                : Optional.of(value);
    }

    @Override
    public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

    @Override
    public void onCallCompleted(CallStatus status) {}

    @Override
    public void onCallErrored(Throwable err) {}

    static final class Factory implements FlightServerMiddleware.Factory<TraceContextMiddleware> {
        @Override
        public TraceContextMiddleware onCallStarted(CallInfo info, CallHeaders incomingHeaders,
                RequestContext context) {
            return new TraceContextMiddleware(header(incomingHeaders, "traceparent"),
                    header(incomingHeaders, "tracestate"));
        }
    }
}
