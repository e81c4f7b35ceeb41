/* SPDX-License-Identifier: MIT */
/* The boot report: what the kernel discovered and set up, in the format fern-board prints. */
#ifndef KERNEL_REPORT_H
#define KERNEL_REPORT_H

struct board;

/* Prints "fern: boot report", the board (see board_report) and the memory totals. */
void report_boot(const struct board *board);
/* Prints the timer line: frequency, interrupt, interrupts delivered, uptime. */
void report_timer(void);

#endif
