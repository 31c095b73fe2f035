package dev.replicategateway.generation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Several generation requests accepted together, up to 20, all or none. */
record BatchGenerateRequest(@NotEmpty @Size(max = 20) List<@NotNull @Valid GenerateRequest> requests) {}
