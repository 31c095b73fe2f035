package dev.replicategateway.generation;

/** An enum constant's name in JSON and in Replicate's input. */
interface WireValue {

    String value();

    static <E extends Enum<E> & WireValue> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.value().equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(value + " is not a " + type.getSimpleName());
    }
}
