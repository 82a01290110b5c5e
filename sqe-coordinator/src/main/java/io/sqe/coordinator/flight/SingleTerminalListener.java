package io.sqe.coordinator.flight;

import io.sqe.worker.FlightErrorTranslator;
import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.IpcOption;

/**
 * Passes through to a listener but lets only the first terminal call (error or completed) reach it, and
 * translates errors. Needed around Arrow's {@code SqlInfoBuilder.send}, which calls {@code completed()} even
 * after it has reported an error.
 */
final class SingleTerminalListener implements ServerStreamListener {
    private final ServerStreamListener delegate;
    private final AtomicBoolean terminated = new AtomicBoolean();

    SingleTerminalListener(ServerStreamListener delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    @Override
    public boolean isCancelled() {
        return delegate.isCancelled();
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
        delegate.setOnCancelHandler(handler);
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
        delegate.setOnReadyHandler(handler);
    }

    @Override
    public void start(VectorSchemaRoot root, DictionaryProvider dictionaries, IpcOption option) {
        delegate.start(root, dictionaries, option);
    }

    @Override
    public void putNext() {
        delegate.putNext();
    }

    @Override
    public void putNext(ArrowBuf metadata) {
        delegate.putNext(metadata);
    }

    @Override
    public void putMetadata(ArrowBuf metadata) {
        delegate.putMetadata(metadata);
    }

    @Override
    public void error(Throwable failure) {
        if (terminated.compareAndSet(false, true)) {
            delegate.error(FlightErrorTranslator.translate(failure));
        }
    }

    @Override
    public void completed() {
        if (terminated.compareAndSet(false, true)) {
            delegate.completed();
        }
    }

    @Override
    public void setUseZeroCopy(boolean enabled) {
        delegate.setUseZeroCopy(enabled);
    }
}
