/** The memory tools the model can call: {@code recall_memory}, {@code remember}, {@code forget}. */
package dev.tern.memory.tools;
