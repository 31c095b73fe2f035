/** LoRA trainings: from a zip of images to a model that /generate can use with its trigger word. */
package dev.replicategateway.training;
