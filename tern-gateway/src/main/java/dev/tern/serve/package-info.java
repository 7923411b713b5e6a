/** {@code tern serve}: the HTTP gateway over the runtime. */
package dev.tern.serve;
