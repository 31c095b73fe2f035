/** Outputs kept past Replicate's hour: downloaded from allowed hosts, checked, stored and served with ETags. */
package dev.replicategateway.output;
