" Run after the vimrc block of docs/editors/vim.md (as `-u`): open MLGLOSS_FILE, wait for
" mlgloss's diagnostics through ALE, write them as JSON to MLGLOSS_RESULT, quit.
let s:result = {'diagnostics': []}
try
  execute 'edit ' . fnameescape($MLGLOSS_FILE)
  set filetype=markdown
  ALELint
  let s:start = reltime()
  while reltimefloat(reltime(s:start)) < 30
    let s:ours = filter(copy(ale#engine#GetLoclist(bufnr(''))), 'v:val.linter_name is# "mlgloss"')
    if !empty(s:ours)
      break
    endif
    sleep 50m
  endwhile
  let s:result.diagnostics = map(s:ours, '{"lnum": v:val.lnum, "col": v:val.col, "code": get(v:val, "code", "")}')
catch
  let s:result.error = v:exception . ' at ' . v:throwpoint
endtry
call writefile([json_encode(s:result)], $MLGLOSS_RESULT)
qall!
