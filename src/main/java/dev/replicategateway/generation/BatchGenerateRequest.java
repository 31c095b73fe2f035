package dev.replicategateway.generation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Several generation requests accepted together (the seed's batch). */
record BatchGenerateRequest(@NotEmpty @Size(max = 20) List<@NotNull @Valid GenerateRequest> requests) {}
