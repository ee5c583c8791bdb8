"""Benign frames that fit many groups: the group is named, described, quoted or defended, never attacked.

Quote frames carry a stereotype ({P}) or a slur ({S}) inside counter-speech or a report: the words
of hate with the stance against it. Fact frames carry a group-specific fact ({F}).
"""

# ruff: noqa: E501 -- one sentence or frame a line: wrapping would split it

from __future__ import annotations

from training.corpus.grammar import frames

FACT = frames("b", "neutral_fact", """
{os} {G} também pagam imposto, votam e trabalham como qualquer um
existe uma associação de {G} aqui na cidade que faz um trabalho bem legal
tem {muito} {g} trabalhando com tecnologia hoje em dia
o censo de 2022 trouxe dados novos sobre {os} {G}
tem {G} em tudo que é profissão, de médico a motorista de app
discriminar {G} é crime no brasil || -gender -class
""")

EVERYDAY = frames("b", "everyday", """
{person} é {d} e é a pessoa mais parceira que eu conheço
{person} é {d}, torce pro corinthians e vive me zoando no futebol
{person} é {d} e me ensinou a jogar xadrez
{person} é {d} e tá me ajudando a estudar pra prova de cálculo
{person} é {d} e faz o melhor bolo de cenoura do bairro
{person}, que é {d}, vai jogar com a gente hoje à noite
{person} é {d} e passou em primeiro lugar no concurso, tô muito feliz por {ele}
{person} é {d} e vai casar mês que vem, já comprei a roupa
{person} é {d} e me deu carona na chuva ontem, salvou demais
{person} é {d} e manja muito de mecânica, arrumou meu carro de graça
{person} é {d} e me chamou pro churrasco de domingo
que merda esse ataque contra {G} que passou no jornal, tô revoltado
caralho, {person} é {d} e ganhou o campeonato de xadrez da cidade, que orgulho
queria deixar registrado que {person} é {d} e me ajudou muito quando eu perdi o emprego ano passado, me indicou pra uma vaga e ainda me emprestou dinheiro pro aluguel, gente assim é rara
gente, hoje na aula a professora convidou {um} {g} pra contar a própria história e foi a conversa mais interessante do semestre, a turma ficou fazendo pergunta até o sinal bater
fiz um trabalho da faculdade entrevistando {G} sobre o dia a dia no emprego e o que mais me marcou foi o quanto as pessoas só querem ser tratadas com o mesmo respeito que qualquer um
{person} é {d} e tá aprendendo violão, já tá mandando bem
{person} é {d} e vive me mandando meme às 3 da manhã kkkk
falei com {person} hoje, {ele} é {d} e tava me contando da família {dele}
amanhã tem roda de conversa com {G} na biblioteca, vou colar
tô fazendo tcc sobre {G} no mercado de trabalho, alguém topa responder um formulário?
minha mãe trabalha numa ONG que atende {G}, ela ama o trabalho
o podcast de ontem entrevistou {G} de várias cidades, muito bom
tô lendo um livro escrito por {um} {g}, recomendo demais
a palestra da semana que vem é com {um} {g} que trabalha na nasa
""")

PRAISE = frames("b", "praise", """
muito respeito {pelos} {G} que enfrentam preconceito todo dia e seguem de cabeça erguida
{G} têm uma força que pouca gente tem
aprendi demais convivendo com {G}
dá gosto ver {G} ocupando espaço na tv e na política
a cultura {dos} {G} é riquíssima, muita gente nem conhece || +culture
{os} {G} que eu conheço são gente finíssima, sempre me receberam bem
salve {pros} {G} do server, vocês são brabos
{o} {c} tem muito a ensinar pro resto do país
{person} é {d} e é das pessoas mais inteligentes que eu conheço
queria que mais gente conhecesse {G} de verdade antes de julgar
{o} {c} merece muito mais reconhecimento do que tem
{os} {G} do meu trampo são os mais dedicados da equipe
tenho muito carinho {pelos} {G} que conheci na faculdade
a história {dos} {G} no brasil é de muita luta
vocês já viram o trabalho que {o} {c} faz com as crianças do bairro? lindo demais
quanto mais eu conheço {G} mais eu admiro
ver {G} no pódio sempre melhora meu dia
{G} são gente de primeira, pode escrever
caralho, que orgulho {dos} {G} que chegaram na final
puta merda, o documentário sobre {G} que passou ontem é bom demais
porra, muito foda ver {G} na capa da revista
""")

NEGATED = frames("b", "negated_hate", """
não acho que {os} {G} sejam piores que ninguém
nunca entendi quem acha que {G} valem menos
{G} não devem nada a ninguém
não tem nada de errado em ser {d}
ser {d} não torna ninguém pior nem melhor
não vejo motivo nenhum pra tratar {G} com desconfiança
{os} {G} não são ameaça pra ninguém
eu não tenho problema nenhum com {G}, quem tem precisa rever os conceitos
não é porque {um} {g} errou que {todos} vão pagar
ninguém é menos gente por ser {d}
ninguém merece ser tratado mal por ser {d}
não tem essa de que {G} são tudo igual, cada um é um
não tem por que ter medo de {G}, são pessoas normais
não concordo com quem acha que {G} atrapalham alguma coisa
""")

QUESTION = frames("b", "curious_question", """
pergunta sincera: {G} sofrem muito preconceito no trabalho?
alguém aqui é {d}? queria tirar umas dúvidas sem ofender
qual o jeito certo de se referir a {G}? não quero falar besteira
indica um livro bom sobre {G} no brasil?
como {os} {G} eram tratad{a}s na época da ditadura?
curiosidade: tem {muito} {g} no server?
vcs sabem se tem algum coletivo de {G} aqui na cidade?
alguém sabe onde acho dados sobre {G} no brasil? é pra um trabalho da facul
alguém aqui conhece {G} que trabalham com game dev? queria trocar ideia
qual a maior dificuldade que {G} enfrentam hoje no brasil?
vocês acham que {G} são bem representad{a}s nas séries brasileiras?
como eu posso apoiar {os} {G} da minha região sem ser invasivo?
""")

IDENTITY = frames("b", "identity_self", """
{me} e tô procurando duo pra subir de elo no fim de semana
{me} e nunca escondi isso de ninguém
{me}, qualquer dúvida pode perguntar que eu respondo numa boa
{me} e tô cansad{a} de explicar o básico toda semana
{me} e tenho muito orgulho disso
{me} e já perdi a conta de quantas piadinhas eu ouvi no trampo
oi gente, cheguei agora no server! {me}, curto rpg e café || -age
{me}, moro em curitiba e trabalho com design
bom dia grupo, {me} e hoje começo no emprego novo
{me} e meu time do coração é o bahia
{me} e acabei de passar no enem!! || -age
{me}, se alguém tiver dúvida sobre isso pode chamar no privado
{me} e amanhã tenho entrevista de emprego, torçam por mim
{me} e trabalho como enfermeir{a} há 10 anos
{me}, tenho dois gatos e um cachorro e sou viciad{a} em café
{me} e puta que pariu, como cansa explicar tudo de novo toda vez
{me} e queria dizer que esse server é o primeiro lugar onde eu me sinto à vontade de falar isso sem medo de piadinha, então obrigad{a} a todo mundo que faz isso aqui funcionar
""")

NEWS = frames("b", "news", """
prefeitura lança programa de emprego voltado para {G}
pesquisa aponta aumento da violência contra {G} em 2023
câmara aprova projeto que amplia direitos {dos} {G}
ONG denuncia ataques contra {G} nas redes sociais
{G} relatam dificuldade para conseguir emprego, diz levantamento
universidade abre curso preparatório gratuito para {G}
levantamento mostra que {G} ganham menos no mesmo cargo || +gender +race +body +sexuality
governo lança campanha contra a discriminação de {G}
estudo mostra que {G} ainda enfrentam barreiras no acesso à saúde
cresce o número de {G} em cargos de liderança, aponta pesquisa
""")

BENIGN_FRAMES = FACT + EVERYDAY + PRAISE + NEGATED + QUESTION + IDENTITY + NEWS

# Counter-speech and reports that quote a stereotype ({P}) or a slur ({S}).
QUOTE_FRAMES = frames("b", "counter_speech", """
falar que {os} {G} {P} é discriminação pura, para com isso
essa história de que {os} {G} {P} é mentira repetida há décadas
quem fala que {os} {G} {P} nunca conviveu de verdade com {nenhum}
"{os} {G} {P}" — sério que ainda tem gente pensando assim em pleno 2025?
cansei de ler gente falando que {os} {G} {P}, não é verdade
não existe essa de que {G} {P}, cada pessoa é uma pessoa
sempre que alguém solta que {os} {G} {P} eu pergunto de onde tirou isso
quem acha graça em chamar {G} de {S} precisa crescer muito
quem chama {G} de {S} é um babaca e merece o ban
o sujeito escreveu que {os} {G} {P} e ainda acha que tá certo, idiota
parem de espalhar que {os} {G} {P}, isso machuca gente de verdade
generalizar falando que {G} {P} é generalização barata, simples assim
meu tio vive repetindo que {os} {G} {P} e eu sempre rebato, não deixo passar
"{os} {G} {P}" kkkkk quem escreve isso nunca saiu de casa
me dá um desânimo ver gente adulta chamando {G} de {S}
porra, parem de falar que {os} {G} {P}, que saco
cresci achando que {os} {G} {P}, já que era o que eu ouvia em casa, mas depois que comecei a conviver de verdade vi que era tudo preconceito e hoje tenho vergonha de já ter pensado assim
alguém aqui realmente acredita que {os} {G} {P}? porque isso não passa de preconceito
meu avô achava que {os} {G} {P}, até conhecer gente de verdade e mudar de ideia
na aula de sociologia a professora mostrou como a ideia de que {os} {G} {P} foi criada pra justificar discriminação
mod aqui: quem chamar {G} de {S} leva ban direto, sem aviso
""") + frames("b", "report", """
denunciei um perfil que chamou {os} {G} de {S}
@mods tem um cara no geral falando que {os} {G} {P}, dá uma olhada
printei e mandei pra staff: o cara falou que {os} {G} {P}
reportei o tweet que dizia que {G} {P}
alguém da staff pode ver o call 2? um moleque tá chamando {os} {G} de {S}
denunciei o vídeo do tiktok que falava que {os} {G} {P}, espero que derrubem
tô juntando os prints de quem chamou {os} {G} de {S} pra mandar pra adm
registrei BO contra o vizinho que gritou que {os} {G} {P}
o filtro não pegou um cara falando que {os} {G} {P}, alguém apaga aí
reportei no youtube um comentário chamando {os} {G} de {S}
o tiktok tá cheio de vídeo falando que {os} {G} {P}, eu denuncio todos
apaguei a mensagem que chamava {G} de {S}, aqui não
mod aqui: recebi várias denúncias de mensagens chamando {G} de {S} na call, quem fizer isso de novo leva ban permanente, aqui a gente não tolera esse tipo de coisa
""") + frames("b", "negated_hate", """
não é verdade que {os} {G} {P}
mentira que {os} {G} {P}, conheço {varios} e {nenhum} é assim
quem disse que {os} {G} {P}? isso é coisa de quem não conhece
""")
