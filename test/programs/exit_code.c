// SPDX-License-Identifier: MIT
/* Exits with the integer given as its first argument (0 without one): tests exit plumbing. */
#include <stdlib.h>

int main(int argc, char **argv)
{
	return argc > 1 ? atoi(argv[1]) : 0;
}
