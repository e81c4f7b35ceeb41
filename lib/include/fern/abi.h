/* SPDX-License-Identifier: MIT */
/* The system-call ABI shared by the kernel and programs: numbers, handles, rights, messages,
 * waiting, and the start-info block a program receives. Documented in docs/ipc.md. */
#ifndef FERN_ABI_H
#define FERN_ABI_H

#include <stdint.h>

/*
 * Calling convention (both domains): x8 = number, x0..x5 = arguments, x0 = result, x1.. = extra
 * results where a call says so. A result in [-4095, -1] is a negative enum fern_status; any
 * other value is a result (addresses in the EL1 domain's upper half look negative as int64).
 * Like a function call, a system call preserves x19..x30 and sp and may change x0..x18 (x6..x18
 * read as zero afterwards). EL0 programs enter with `svc #0`; EL1-domain programs `blr` to
 * start_info->syscall_entry. Programs use lib/'s fern_syscall, which picks the right one.
 */
enum fern_syscall {
	SYS_LOG = 0,            /* (const char *text, size_t len) */
	SYS_EXIT = 1,           /* (int64_t code): ends the process; does not return */
	SYS_YIELD = 2,          /* () */
	SYS_CLOCK = 3,          /* () -> monotonic ns since boot */
	SYS_SLEEP = 4,          /* (uint64_t deadline_ns) */
	SYS_HANDLE_CLOSE = 5,   /* (handle) */
	SYS_HANDLE_DUP = 6,     /* (handle, rights) -> new handle with rights (a subset) */
	SYS_CHANNEL_CREATE = 7, /* (uint32_t out[2]) */
	SYS_CHANNEL_SEND = 8,   /* (handle, const struct fern_msg *) */
	SYS_CHANNEL_RECV = 9,   /* (handle, struct fern_msg *, uint64_t deadline_ns) */
	SYS_CHANNEL_CALL = 10,  /* (handle, const struct fern_msg *req, struct fern_msg *reply,
				 *  uint64_t deadline_ns): send, then receive the reply with the
				 *  same call id */
	SYS_CHANNEL_REPLY_RECV =
	    11,                /* (handle, const struct fern_msg *reply, struct fern_msg *next,
				*  uint64_t deadline_ns): reply, then wait for the next request */
	SYS_WAIT = 12,         /* (struct fern_wait_item *, count, deadline_ns) -> items ready */
	SYS_VMO_CREATE = 13,   /* (size, flags) -> handle */
	SYS_VMO_PADDR = 14,    /* (handle, offset) -> physical address of that byte (for DMA) */
	SYS_VM_MAP = 15,       /* (handle, offset, size, prot) -> address */
	SYS_VM_UNMAP = 16,     /* (address, size) */
	SYS_IRQ_ACK = 17,      /* (handle) -> events since the last ack: re-enables an interrupt,
				*  lowers a timer's signal */
	SYS_TIMER_CREATE = 18, /* () -> handle */
	SYS_TIMER_SET = 19,    /* (handle, deadline_ns, period_ns): 0 deadline cancels */
	SYS_CALL_SHORT = 20,   /* (handle, type | call_id << 32, w0..w3) -> reply in x1..x5 */
	SYS_REPLY_RECV_SHORT = 21, /* (handle, reply type | call_id << 32 or 0, w0..w3) -> next
				    * request in x1..x5: the server side of SYS_CALL_SHORT */
	SYS_NOP = 22,              /* () -> 0: the null system call (benchmarks) */
	SYS_THREAD_CREATE =
	    23,               /* (entry, stack_top, arg) -> thread id: a new thread of the calling
			       * process, entering entry(arg) on its own stack (16-byte aligned) */
	SYS_THREAD_EXIT = 24, /* (): ends the calling thread; the last one ends the process (0) */
	SYS_PORT_CREATE = 25, /* () -> handle: a port (docs/ipc.md) */
	SYS_PORT_BIND = 26,   /* (port, handle, uint64_t key, signals): report through the port */
	SYS_PORT_REPLY_RECV = 27, /* (port, reply channel or 0, const struct fern_msg *reply or
				   * NULL, struct fern_msg *next, deadline_ns): answer one request,
				   * take the next message or signal report through the port */
	SYS_COUNT
};

/* Deadlines are absolute monotonic nanoseconds; these two are special. */
#define FERN_DEADLINE_POLL  0ull
#define FERN_DEADLINE_NEVER UINT64_MAX

/* Handles are small integers valid only in the process that holds them. 0 is never valid. */
typedef uint32_t fern_handle;
#define FERN_HANDLE_INVALID 0u

/* Rights a handle carries. */
enum fern_rights {
	FERN_RIGHT_READ = 1u << 0,      /* receive, read, get attributes */
	FERN_RIGHT_WRITE = 1u << 1,     /* send, write, set, acknowledge */
	FERN_RIGHT_MAP = 1u << 2,       /* map a memory object */
	FERN_RIGHT_TRANSFER = 1u << 3,  /* move the handle to another process in a message */
	FERN_RIGHT_DUPLICATE = 1u << 4, /* make another handle to the same object */
	FERN_RIGHT_WAIT = 1u << 5,      /* wait for the object's signals */
	FERN_RIGHTS_ALL = 0x3f,
};

/* The predefined message types (no IDL): requests, their replies, and ERROR. */
enum fern_msg_type {
	FERN_MSG_OPEN = 1,    /* word[0..]: flags; data: a path. Reply carries a channel. */
	FERN_MSG_READ = 2,    /* word[0]: offset, word[1]: length */
	FERN_MSG_WRITE = 3,   /* word[0]: offset; data: bytes */
	FERN_MSG_GETATTR = 4, /* word[0]: attribute id */
	FERN_MSG_SETATTR = 5, /* word[0]: attribute id, word[1..]: value; or data */
	FERN_MSG_CONNECT = 6, /* handle[0]: a channel end handed to the server */
	/* Made by the kernel only, received through a port: the bound object with this key
	 * raised word[0] (enum fern_signal), e.g. an interrupt, or the peer of a bound channel
	 * end closed (FERN_SIGNAL_PEER_CLOSED, after its last message). Never sent. */
	FERN_MSG_SIGNAL = 0x40,
	FERN_MSG_REPLY = 0x80, /* OR-ed into a request type for its reply */
	FERN_MSG_ERROR = 0xff, /* reply to any request: word[0] = negative enum fern_status */
};

/* Attribute ids: word[0] of GETATTR and SETATTR. A reply to GETATTR carries the value in
 * word[0..]. */
enum fern_attr {
	FERN_ATTR_SIZE = 1,       /* bytes: a block device's capacity, a file's length */
	FERN_ATTR_BLOCK_SIZE = 2, /* bytes per block of a block device */
	FERN_ATTR_TIME = 3,       /* wall-clock time: word[0] = seconds since 1970, word[1] = ns */
	FERN_ATTR_SYNC = 4,       /* SETATTR: put written data on the medium (a flush) */
	FERN_ATTR_SHUTDOWN = 5,   /* SETATTR over a startup channel, see docs/specs.md */
	FERN_ATTR_PHANDLE = 6,    /* a driver's device-tree phandle (0: none) */
	/* Files (docs/filesystem.md). GETATTR on an opened file or directory: word[0] = size,
	 * word[1] = enum fern_kind, word[2] = modified (seconds since 1970), word[3] = the
	 * filesystem's own attribute bits. */
	FERN_ATTR_STAT = 7,
	FERN_ATTR_FREE = 8,    /* GETATTR on a filesystem: word[0] free bytes, word[1] total bytes,
				* word[2] bytes per cluster */
	FERN_ATTR_REMOVE = 9,  /* SETATTR on a filesystem, data = path: remove a file or an empty
				* directory */
	FERN_ATTR_RENAME = 10, /* SETATTR on a filesystem, data = "from\0to": move or rename */
	/* The console (docs/shell.md). GETATTR: word[0] = 1 when the user pressed Ctrl-C since
	 * the last ask (and clears it). */
	FERN_ATTR_INTERRUPT = 11,
	/* SETATTR over a startup channel, data = a name (docs/specs.md): end a process (it is
	 * restarted as its spec says), start a spec, stop an instance for good. */
	FERN_ATTR_KILL = 12,
	FERN_ATTR_START = 13,
	FERN_ATTR_STOP = 14,
	/* SETATTR, handle[0] = a memory object, word[1] = its size: share it with the server of
	 * this channel for READ and WRITE through it (fern/bulk.h, docs/ipc.md "Bulk data"). */
	FERN_ATTR_BULK = 15,
	/* SETATTR, test builds only (a spec's config has fern,test-commands): word[1] = what
	 * fault to take, to test supervision. */
	FERN_ATTR_TEST_FAULT = 0x7f00,
};
/* word[2] of a READ or WRITE: the data is not in the message but in the channel's bulk buffer
 * (FERN_ATTR_BULK), at the offset in the low bits. */
#define FERN_BULK (1ull << 63)

enum fern_test_fault {
	FERN_TEST_FAULT_NULL = 0, /* load from address 0 */
	FERN_TEST_FAULT_MMIO = 1, /* load just past the driver's MMIO mapping */
};

/* What an opened name is (FERN_ATTR_STAT word[1], struct fern_dirent kind). */
enum fern_kind { FERN_KIND_FILE = 1, FERN_KIND_DIR = 2, FERN_KIND_SERVICE = 3 };

/* OPEN flags (word[0]) for a filesystem; the path is the data. The reply's handle[0] is a
 * channel to the file or directory that answers READ, WRITE, GETATTR and SETATTR. */
enum fern_open_flags {
	FERN_OPEN_READ = 1u << 0,
	FERN_OPEN_WRITE = 1u << 1,
	FERN_OPEN_CREATE = 1u << 2,    /* create a missing file (with DIRECTORY: a directory) */
	FERN_OPEN_TRUNCATE = 1u << 3,  /* cut an existing file to length 0 */
	FERN_OPEN_APPEND = 1u << 4,    /* every WRITE goes to the end, whatever its offset */
	FERN_OPEN_DIRECTORY = 1u << 5, /* the name must be a directory */
	FERN_OPEN_EXCLUSIVE = 1u << 6, /* with CREATE: FERN_ERR_EXISTS if the name is taken */
};

/* A READ on a directory: word[0] = index of the first entry, word[1] = bytes wanted. The
 * reply's data is whole records, each reclen bytes (8-aligned); its word[0] is the index to
 * ask for next. No data means the end. */
struct fern_dirent {
	uint64_t size;     /* bytes */
	uint64_t modified; /* seconds since 1970 */
	uint32_t kind;     /* enum fern_kind */
	uint16_t reclen;   /* this record's length, name and padding included */
	uint16_t namelen;  /* bytes of name, not counting its NUL */
	char name[];       /* UTF-8, NUL-terminated */
};

#define FERN_MSG_WORDS     4
#define FERN_MSG_HANDLES   4
#define FERN_MSG_DATA_MAX  4096
#define FERN_CHANNEL_QUEUE 16 /* messages a channel end holds before sends get FERN_ERR_FULL */

/* A message as programs see it. On send, data/data_len and handle/handle_count say what
 * goes; on receive, data/data_cap say where data may land and the kernel fills the rest.
 * Sent handles are moved: they leave the sender's table. */
struct fern_msg {
	uint16_t type;         /* enum fern_msg_type */
	uint16_t handle_count; /* <= FERN_MSG_HANDLES */
	uint32_t call_id;      /* matches a reply to its request */
	uint64_t word[FERN_MSG_WORDS];
	void *data;
	uint32_t data_len; /* <= FERN_MSG_DATA_MAX */
	uint32_t data_cap; /* receive: capacity of data */
	fern_handle handle[FERN_MSG_HANDLES];
	uint64_t key; /* receive: the port binding's key it came through (SYS_PORT_BIND), else 0 */
};

/* Signals an object can raise, for SYS_WAIT. */
enum fern_signal {
	FERN_SIGNAL_READABLE = 1u << 0, /* channel: a message is queued; port: something is ready */
	FERN_SIGNAL_PEER_CLOSED = 1u << 1, /* channel: the other end is gone */
	FERN_SIGNAL_IRQ = 1u << 2,         /* interrupt: fired, not yet acknowledged */
	FERN_SIGNAL_TIMER = 1u << 3,       /* timer: expired */
	FERN_SIGNAL_EXITED = 1u << 4,      /* process: terminated */
	FERN_SIGNALS_ALL = 0x1f,
	/* SYS_PORT_BIND only: report a channel end's signals like any object's, leaving its
	 * messages queued for the program to receive itself. */
	FERN_PORT_REPORT = 1u << 31,
};

struct fern_wait_item {
	fern_handle handle;
	uint32_t signals; /* in: what to wait for */
	uint32_t pending; /* out: what is raised now */
	uint32_t reserved;
};
#define FERN_WAIT_MAX 32

/* VMO flags and mapping protections. */
enum fern_vmo_flags {
	FERN_VMO_CONTIGUOUS = 1u << 0, /* physically contiguous (DMA); SYS_VMO_PADDR works */
	FERN_VMO_COMMIT = 1u << 1,     /* every page allocated now, not on first touch */
};
enum fern_prot {
	FERN_PROT_READ = 1u << 0,
	FERN_PROT_WRITE = 1u << 1,
	FERN_PROT_EXEC = 1u << 2, /* never together with WRITE */
};

/* Where a program's threads run. */
enum fern_domain { FERN_DOMAIN_EL0 = 0, FERN_DOMAIN_EL1 = 1 };

#define FERN_START_MAGIC   0x6665726e /* "fern" */
#define FERN_START_HANDLES 32

/* Handed to a program's entry point in x0. Read-only for the program. */
struct fern_start_info {
	uint32_t magic;
	uint32_t domain; /* enum fern_domain */
	/* EL1 domain: address of the kernel's system-call entry, entered with blr and the same
	 * registers as svc (x8 = number, x0..x5 = arguments, results in x0..). EL0 domain: 0 (use
	 * svc #0). Either way x0..x18 may change and x19..x30 and sp are preserved. */
	uint64_t syscall_entry;
	const char *name;    /* the program's name */
	const char *args;    /* space-separated arguments */
	uint64_t image_base; /* where the loader placed the program */
	uint64_t stack_top;
	uint64_t heap_base; /* a zeroed, mapped read/write region for malloc */
	uint64_t heap_size;
	/* The environment: a device tree blob naming the handles (/handles: name = <index into
	 * handle[]>), the device fragment (/device) and the spec's config (/config). Programs
	 * started by the kernel's test harness get none (env_size 0). See docs/specs.md. */
	const void *env;
	uint64_t env_size;
	uint32_t handle_count;
	fern_handle handle[FERN_START_HANDLES]; /* bootstrap handles, by position */
	uint32_t flags;                         /* enum fern_start_flags */
};

enum fern_start_flags {
	/* The PMU's instruction counter (PMEVCNTR0_EL0, retired instructions of the whole system
	 * since boot) is readable: bootargs pmu, for benchmarks (fern_instructions). */
	FERN_START_PMU = 1u << 0,
};

#endif
