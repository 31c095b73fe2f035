/** Image generation requests: model inputs, presets, LoRA, and their translation into Replicate inputs. */
package dev.replicategateway.generation;
