package io.sqe.coordinator.exec;

/**
 * Thrown while translating a plan that the columnar engine cannot run yet (an operator, function or type it does not
 * implement); the query then runs on Calcite's Enumerable operators instead. Never reaches a client.
 */
final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String what) {
        super(what, null, false, false);
    }
}
