package io.sqe.trino;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/** An HTTP answer of the protocol: status, JSON body (empty for bare statuses) and extra headers. */
record ProtocolResponse(int status, byte[] body, Map<String, List<String>> headers) {
    ProtocolResponse {
        requireNonNull(body, "body is null");
        headers = Map.copyOf(requireNonNull(headers, "headers is null"));
    }

    static ProtocolResponse status(int status) {
        return new ProtocolResponse(status, new byte[0], Map.of());
    }
}
