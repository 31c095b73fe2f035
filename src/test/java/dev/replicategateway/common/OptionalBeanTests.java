package dev.replicategateway.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

class OptionalBeanTests {

    @Test
    void aBeanThatIsThereIsFoundOnce() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("greeting", "hello");
        OptionalBean<String> greeting = OptionalBean.of(beans.getBeanProvider(String.class));

        assertThat(greeting.get()).isEqualTo("hello");
        beans.destroySingletons();
        assertThat(greeting.get()).isEqualTo("hello");
    }

    @Test
    void aBeanThatIsNotThereIsLookedForOnceNotOnEveryCall() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        OptionalBean<String> greeting = OptionalBean.of(beans.getBeanProvider(String.class));

        assertThat(greeting.get()).isNull();
        beans.registerSingleton("greeting", "hello");
        assertThat(greeting.get()).as("remembered as absent").isNull();
    }
}
