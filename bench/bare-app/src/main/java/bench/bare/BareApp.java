package bench.bare;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Nothing but the starters: its liveness probe is what a Spring Boot app answers at best here. */
@SpringBootApplication
public class BareApp {
    public static void main(String[] args) {
        SpringApplication.run(BareApp.class, args);
    }
}
