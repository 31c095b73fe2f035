package dev.replicategateway.common;

import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;

/**
 * A bean that may not exist (a feature switched off), looked up on first use and remembered whether it
 * exists or not. Spring's {@code SingletonSupplier} remembers only a bean it found: with the feature off
 * it looked the bean up again on every call, under one lock shared by every request thread.
 */
public final class OptionalBean<T> implements Supplier<T> {

    private final ObjectProvider<T> provider;
    /** Null until the first lookup; a second lookup racing the first finds the same. */
    private volatile Optional<T> bean;

    private OptionalBean(ObjectProvider<T> provider) {
        this.provider = provider;
    }

    public static <T> OptionalBean<T> of(ObjectProvider<T> provider) {
        return new OptionalBean<>(provider);
    }

    /** The bean, or null when there is none. */
    @Override
    public T get() {
        Optional<T> found = bean;
        if (found == null) {
            found = Optional.ofNullable(provider.getIfAvailable());
            bean = found;
        }
        return found.orElse(null);
    }
}
