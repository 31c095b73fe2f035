/** Small value types every layer uses and no feature owns (backoff schedules). */
package dev.replicategateway.common;
