/**
 * The {@code d1-export} command line: {@link dev.d1export.cli.Main} and its documented {@link dev.d1export.cli.ExitCodes}.
 */
package dev.d1export.cli;
