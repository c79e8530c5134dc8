/** The HTTP API of the serving process on the JDK's built-in HTTP server. */
package io.streamrank.serving.http;
