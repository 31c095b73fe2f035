package dev.replicategateway.prediction;

import java.util.List;

/** A page of predictions, newest first; pass {@code next_cursor} back as {@code cursor} for the next page. */
record PredictionPageView(List<PredictionView> results, String nextCursor) {}
