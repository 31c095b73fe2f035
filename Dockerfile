# Build: docker build -t replicate-gateway .
# Run:   docker run -p 8080:8080 -e REPLICATE_API_TOKEN=r8_... -e GATEWAY_API_KEYS=web:$(openssl rand -hex 24) \
#            -e GATEWAY_ADMIN_KEY=$(openssl rand -hex 24) -v gateway-data:/app/data replicate-gateway
#        (with a real token the service refuses to start without keys: an open API would spend your money)
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -Paot -DskipTests -Dspotless.check.skip=true \
    && cp target/replicate-gateway-*.jar gateway.jar \
    && java -Djarmode=tools -jar gateway.jar extract --layers --destination /layers

# Java 17 bytecode, shipped on 25 for its AOT cache (JEP 514/515), with the bean definitions Spring AOT
# generated for a real token (-Paot, -Dspring.aot.enabled=true); bench/startup.sh measures the gain.
# Without a token (the simulator) the service starts without them, slower, and logs so.
FROM eclipse-temurin:25-jre
RUN groupadd --system gateway && useradd --system --gid gateway --home /app gateway \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# Train the AOT cache on a real start (ready, a few requests served, stopped), with the entry point's
# JVM flags and class path, then drop what the training run wrote. bench/startup.sh trains it the same way.
COPY docker/train-aot-cache.sh /tmp/train-aot-cache.sh
RUN sh /tmp/train-aot-cache.sh gateway.jar app.aot -Dspring.aot.enabled=true -XX:MaxRAMPercentage=75 -XX:InitialHeapSize=64m -XX:G1HeapRegionSize=4m \
    && rm -rf /tmp/train-aot-cache.sh /app/data \
    && mkdir -p /app/data && chown -R gateway:gateway /app/data
USER gateway
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=40s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
# A small initial heap: the default (1/64 of the host's memory) alone would be most of the idle RSS.
# 4 MB G1 regions: on a large host G1 picks 16 MB ones, and its young generation of a few of them made
# idle RSS ~35 MB larger (bench/startup.sh); throughput was the same.
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-Dspring.aot.enabled=true", "-XX:MaxRAMPercentage=75", "-XX:InitialHeapSize=64m", "-XX:G1HeapRegionSize=4m", "-jar", "gateway.jar"]
