/** Each caller's allowance: predictions a day, estimated spend, and the usage report behind {@code /usage}. */
package dev.replicategateway.quota;
