package dev.replicategateway.training;

import org.springframework.context.ApplicationContext;

/** Lets tests of other packages that empty the store between tests make the owners forgotten too. */
public final class ModelOwnersForTests {

    private ModelOwnersForTests() {}

    public static void forget(ApplicationContext context) {
        context.getBeanProvider(ModelOwners.class).ifAvailable(ModelOwners::forgetRunOwners);
    }
}
