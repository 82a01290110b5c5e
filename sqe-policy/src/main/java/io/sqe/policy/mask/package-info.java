/** The SQL functions masks call; the coordinator registers them with {@link io.sqe.policy.mask.MaskFunctions#register}. */
package io.sqe.policy.mask;
