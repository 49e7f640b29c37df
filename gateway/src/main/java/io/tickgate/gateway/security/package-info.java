/**
 * Who may connect and what they may see: JSON Web Tokens checked on the IO threads ({@link
 * io.tickgate.gateway.security.TokenVerifier}) become a {@link io.tickgate.gateway.security.Grant} that the
 * publisher consults when a client subscribes or replays, never per tick; TLS on the port, its credentials reloaded
 * in place; PEM files read with the JDK alone ({@link io.tickgate.gateway.security.PemReader}).
 */
package io.tickgate.gateway.security;
