package dev.replicategateway.generation;

import com.fasterxml.jackson.annotation.JsonValue;

/** SDXL's schedulers, as Replicate names them. */
enum SdxlScheduler implements WireValue {
    DDIM("DDIM"),
    DPM_SOLVER_MULTISTEP("DPMSolverMultistep"),
    HEUN_DISCRETE("HeunDiscrete"),
    KARRAS_DPM("KarrasDPM"),
    K_EULER_ANCESTRAL("K_EULER_ANCESTRAL"),
    K_EULER("K_EULER"),
    PNDM("PNDM");

    private final String value;

    SdxlScheduler(String value) {
        this.value = value;
    }

    @Override
    @JsonValue
    public String value() {
        return value;
    }
}
