# Build: docker build -t replicate-gateway .
# Run:   docker run -p 8080:8080 -e REPLICATE_API_TOKEN=r8_... -e GATEWAY_API_KEYS=web:$(openssl rand -hex 24) \
#            -e GATEWAY_ADMIN_KEY=$(openssl rand -hex 24) -v gateway-data:/app/data replicate-gateway
#        (with a real token the service refuses to start without keys: an open API would spend your money)
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true \
    && java -Djarmode=tools -jar target/replicate-gateway-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:21-jre
RUN groupadd --system gateway && useradd --system --gid gateway --home /app gateway \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
RUN mkdir -p /app/data && chown -R gateway:gateway /app
USER gateway
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=40s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
