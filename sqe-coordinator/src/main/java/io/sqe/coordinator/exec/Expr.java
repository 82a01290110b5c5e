package io.sqe.coordinator.exec;

/** A compiled scalar expression: evaluates over every row of a batch at once. */
@FunctionalInterface
interface Expr {
    Column evaluate(Batch batch);
}
