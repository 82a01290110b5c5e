package io.sqe.coordinator.flight;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Puts the caller's IP address into the call's headers, where Flight's header authenticator (which sees only
 * headers) can read it, so failed logins are throttled per client address. Any value the client sent under the same
 * name is dropped first: the address comes from the transport, never from the client.
 */
final class PeerAddressInterceptor implements ServerInterceptor {
    static final String HEADER = "x-sqe-peer-address";
    private static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        headers.removeAll(KEY);
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress) {
            headers.put(KEY, ((InetSocketAddress) remote).getAddress().getHostAddress());
        }
        return next.startCall(call, headers);
    }
}
