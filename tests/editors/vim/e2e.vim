" Vim + ALE as the LSP client of the real mlgloss server; run by tests/editors/test_vim_e2e.py.
"   MLGLOSS_PYTHON   the interpreter that runs `-m mlgloss serve`
"   MLGLOSS_FILE     the Markdown file to open (a copy of the fixture)
"   MLGLOSS_RESULT   where to write what Vim saw, as JSON
"   MLGLOSS_ALE      ALE's directory (Debian's vim-ale: /usr/share/vim-ale)
" Every wait is bounded; the result says how far it got. The assertions are in the Python test.
set nocompatible
let s:result = {'stage': 'start', 'diagnostics': [], 'actions': [], 'line': ''}

function! s:Save() abort
  call writefile([json_encode(s:result)], $MLGLOSS_RESULT)
endfunction

function! s:Wait(Probe, ms) abort
  let l:start = reltime()
  while !a:Probe() && reltimefloat(reltime(l:start)) * 1000 < a:ms
    sleep 50m
  endwhile
  return a:Probe()
endfunction

try
  execute 'set runtimepath^=' . fnameescape($MLGLOSS_ALE)
  let g:ale_lint_on_enter = 1
  let g:ale_lint_on_text_changed = 'always'
  let g:ale_lint_delay = 50
  let g:ale_echo_cursor = 0
  let g:ale_set_signs = 0
  runtime plugin/ale.vim
  let g:ale_linters = {'markdown': ['mlgloss']}
  call ale#linter#Define('markdown', {
  \   'name': 'mlgloss',
  \   'lsp': 'stdio',
  \   'executable': $MLGLOSS_PYTHON,
  \   'command': '%e -m mlgloss serve',
  \   'project_root': {buffer -> fnamemodify(bufname(buffer), ':p:h')},
  \})
  let s:result.stage = 'open'
  execute 'edit ' . fnameescape($MLGLOSS_FILE)
  set filetype=markdown
  ALELint

  let s:result.stage = 'diagnostics'
  function! s:Ours() abort
    return filter(copy(ale#engine#GetLoclist(bufnr(''))), 'v:val.linter_name is# "mlgloss"')
  endfunction
  call s:Wait({-> !empty(s:Ours())}, 30000)
  let s:result.diagnostics = map(s:Ours(), '{"lnum": v:val.lnum, "col": v:val.col, "end_col": get(v:val, "end_col", 0), "code": get(v:val, "code", ""), "text": v:val.text}')

  let s:result.stage = 'code action'
  let s:lora = filter(copy(s:Ours()), 'get(v:val, "code", "") is# "variant"')
  if !empty(s:lora)
    call cursor(s:lora[0].lnum, s:lora[0].col)
    let g:mlgloss_menu = {}
    function! MlglossMenu(data, items) abort
      let g:mlgloss_menu = {'data': a:data, 'items': a:items}
    endfunction
    " ALE's own code-action request (the diagnostic it sends has only code, message, range).
    call ale#codefix#Execute(0, function('MlglossMenu'))
    call s:Wait({-> !empty(g:mlgloss_menu)}, 20000)
    let s:menu = g:mlgloss_menu
    if !empty(s:menu)
      let s:result.actions = map(copy(s:menu.items), 'v:val[1].title')
      let s:replace = filter(copy(s:menu.items), 'v:val[1].title =~# "^Replace with"')
      if !empty(s:replace)
        call ale#codefix#ApplyLSPCodeAction(s:menu.data, s:replace[0][1])
        let s:line = s:lora[0].lnum
        call s:Wait({-> getline(s:line) =~# 'LoRA adapters'}, 10000)
        let s:result.line = getline(s:line)
      endif
    endif
  endif
  let s:result.stage = 'done'
catch
  let s:result.error = v:exception . ' at ' . v:throwpoint
endtry
call s:Save()
qall!
