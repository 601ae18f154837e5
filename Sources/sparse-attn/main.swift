// The `sparse-attn` command-line tool; everything it does is in SparseAttentionCLI.

import Foundation
import SparseAttentionCLI

exit(SparseAttentionCommand.run(Array(CommandLine.arguments.dropFirst()), terminal: .standard()))
