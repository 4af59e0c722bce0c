package cli

import (
	"fmt"
	"strings"
)

// commandKeys is the shell pattern matching every command key but the
// root's: /validate|/sandbox|/sandbox/reset.
func commandKeys(tree []compCommand) string {
	var keys []string
	for _, c := range tree[1:] {
		keys = append(keys, c.key())
	}
	return strings.Join(keys, "|")
}

// bashCompletion: the words typed so far pick the command (flags
// skipped); then a flag, a subcommand, or (by -o default) a file.
func bashCompletion(b *strings.Builder, tree []compCommand) {
	b.WriteString(`# bash completion for ncpimage, made by "ncpimage completion bash".
# Load it with: source <(ncpimage completion bash)
_ncpimage() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    local key="" w i
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="${COMP_WORDS[i]}"
        case "$key/$w" in
`)
	fmt.Fprintf(b, "            %s) key=\"$key/$w\" ;;\n", commandKeys(tree))
	b.WriteString(`        esac
    done
    local flags="" values="" subs=""
    case "$key" in
`)
	for _, c := range tree {
		all, value := c.flagWords()
		fmt.Fprintf(b, "        %q) flags=%s; values=%s; subs=%s ;;\n", c.key(),
			singleQuoted(strings.Join(all, " ")), singleQuoted(strings.Join(value, " ")), singleQuoted(strings.Join(c.subNames(), " ")))
	}
	b.WriteString(`    esac
    if [[ -n $prev && " $values " == *" $prev "* ]]; then
        return 0 # the value of a flag: -o default completes a file name
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    elif [[ -n $subs ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur"))
    fi
    return 0
}
complete -o default -F _ncpimage ncpimage
`)
}

// zshCompletion: the same walk as bash, with descriptions.
func zshCompletion(b *strings.Builder, tree []compCommand) {
	b.WriteString(`#compdef ncpimage
# zsh completion for ncpimage, made by "ncpimage completion zsh".
# Save it as _ncpimage in a directory of $fpath, or: source <(ncpimage completion zsh)
_ncpimage() {
  local key="" w i
  local -a flags values subs
  for (( i = 2; i < CURRENT; i++ )); do
    w=${words[i]}
    case "$key/$w" in
`)
	fmt.Fprintf(b, "      %s) key=\"$key/$w\" ;;\n", commandKeys(tree))
	b.WriteString("    esac\n  done\n  case \"$key\" in\n")
	for _, c := range tree {
		var flags, subs []string
		for _, f := range c.flags {
			for _, w := range f.words() {
				flags = append(flags, singleQuoted(w+":"+oneLine(f.usage)))
			}
		}
		for _, s := range c.subs {
			subs = append(subs, singleQuoted(s.path[len(s.path)-1]+":"+oneLine(s.usage)))
		}
		_, value := c.flagWords()
		fmt.Fprintf(b, "    %q)\n      flags=(%s)\n      values=(%s)\n      subs=(%s) ;;\n", c.key(),
			strings.Join(flags, " "), strings.Join(value, " "), strings.Join(subs, " "))
	}
	b.WriteString(`  esac
  if (( ${values[(Ie)${words[CURRENT-1]}]} )); then
    _files
  elif [[ $PREFIX == -* ]]; then
    _describe -t flags flag flags
  elif (( ${#subs} )); then
    _describe -t commands command subs
  else
    _files
  fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _ncpimage "$@"
else
  compdef _ncpimage ncpimage
fi
`)
}

// fishCompletion: one complete line per command, flag and file rule.
func fishCompletion(b *strings.Builder, tree []compCommand) {
	b.WriteString(`# fish completion for ncpimage, made by "ncpimage completion fish".
# Save it as ~/.config/fish/completions/ncpimage.fish, or: ncpimage completion fish | source
complete -c ncpimage -f
`)
	for _, c := range tree {
		cond := "__fish_use_subcommand"
		if len(c.path) > 0 {
			cond = "__fish_seen_subcommand_from " + c.path[len(c.path)-1]
		}
		subCond := cond
		if names := c.subNames(); len(names) > 0 && len(c.path) > 0 {
			subCond += "; and not __fish_seen_subcommand_from " + strings.Join(names, " ")
		}
		for _, s := range c.subs {
			fmt.Fprintf(b, "complete -c ncpimage -n %s -a %s -d %s\n", fishQuoted(subCond), s.path[len(s.path)-1], fishQuoted(oneLine(s.usage)))
		}
		for _, f := range c.flags {
			fmt.Fprintf(b, "complete -c ncpimage -n %s", fishQuoted(cond))
			for _, n := range f.long {
				fmt.Fprintf(b, " -l %s", n)
			}
			for _, n := range f.short {
				fmt.Fprintf(b, " -s %s", n)
			}
			if f.value {
				b.WriteString(" -r -F")
			}
			fmt.Fprintf(b, " -d %s\n", fishQuoted(oneLine(f.usage)))
		}
		if len(c.path) > 0 && len(c.subs) == 0 {
			fmt.Fprintf(b, "complete -c ncpimage -n %s -F\n", fishQuoted(cond))
		}
	}
}

// fishQuoted quotes s for fish, where a single-quoted string escapes
// only \ and '.
func fishQuoted(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
