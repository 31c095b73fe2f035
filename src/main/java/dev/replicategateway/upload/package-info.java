/** Files callers send as inputs: checked, put on Replicate's Files API, and deleted there when no longer needed. */
package dev.replicategateway.upload;
