/** API-wide web concerns: RFC 9457 problem details, body limits, response headers. */
package dev.replicategateway.web;
