package dev.replicategateway.generation;

import com.fasterxml.jackson.annotation.JsonValue;

/** Flux's aspect ratios. */
enum AspectRatio implements WireValue {
    R1_1("1:1"),
    R16_9("16:9"),
    R21_9("21:9"),
    R3_2("3:2"),
    R2_3("2:3"),
    R4_5("4:5"),
    R5_4("5:4"),
    R9_16("9:16"),
    R9_21("9:21");

    private final String value;

    AspectRatio(String value) {
        this.value = value;
    }

    @Override
    @JsonValue
    public String value() {
        return value;
    }
}
