/**
 * Who may connect and what they may see: JSON Web Tokens checked on the IO threads ({@link
 * io.tickgate.gateway.security.TokenVerifier}) become a {@link io.tickgate.gateway.security.Grant} that the
 * publisher consults when a client subscribes or replays, never per tick; PEM files read with the JDK alone.
 */
package io.tickgate.gateway.security;
