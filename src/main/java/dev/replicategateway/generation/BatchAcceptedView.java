package dev.replicategateway.generation;

import java.util.List;

record BatchAcceptedView(List<AcceptedView> predictions) {}
