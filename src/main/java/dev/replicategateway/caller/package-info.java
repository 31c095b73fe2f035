/** Who is calling: the owner of the predictions and trainings a request creates or reads. */
package dev.replicategateway.caller;
