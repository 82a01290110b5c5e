/**
 * The Arrow Flight SQL surface of the coordinator. {@link io.sqe.coordinator.flight.FlightSqlEndpoint} runs the
 * server; {@link io.sqe.coordinator.flight.SqeFlightSqlService} maps Flight SQL commands onto the
 * {@link io.sqe.core.engine.QueryEngine}; {@link io.sqe.coordinator.flight.SessionCallHeaderAuthenticator}
 * turns credentials into session tokens; {@link io.sqe.worker.FlightErrorTranslator} is the one
 * place where engine errors become Flight statuses.
 */
package io.sqe.coordinator.flight;
